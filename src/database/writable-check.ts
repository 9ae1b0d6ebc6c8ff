import type { DataSource } from 'typeorm';
import type { DatabaseFault } from './database-faults.js';
import { probeSqliteWrite, unwritableSqliteFiles } from './sqlite-resilience.js';

/** Why the app refuses to start on a database it cannot write; the message names what to fix. */
export class DatabaseNotWritableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseNotWritableError';
  }
}

/** Before opening SQLite: every existing file of the database (and its folder) must be writable. */
export function assertSqliteFilesWritable(file: string): void {
  const unwritable = unwritableSqliteFiles(file);
  if (unwritable.length > 0) {
    throw new DatabaseNotWritableError(
      `không ghi được vào ${unwritable.join(', ')} (chỉ đọc hoặc thiếu quyền). ` +
        'Cấp quyền ghi cho tệp cơ sở dữ liệu, các tệp -wal, -shm bên cạnh và thư mục chứa chúng cho người dùng chạy ứng dụng, rồi khởi động lại.',
    );
  }
}

const START_MESSAGES: Readonly<Record<DatabaseFault, string>> = {
  'read-only':
    'cơ sở dữ liệu chỉ đọc, ứng dụng không ghi được (tệp chỉ đọc, hoặc máy chủ PostgreSQL ở chế độ chỉ đọc/standby).',
  locked: 'cơ sở dữ liệu đang bị một chương trình khác khóa.',
  full: 'ổ đĩa chứa cơ sở dữ liệu đã đầy; giải phóng dung lượng rồi khởi động lại.',
  unreachable: 'không kết nối được tới cơ sở dữ liệu.',
};

/**
 * After opening: a write must be possible (tried without writing anything). A lock held by another
 * process passes and goes away: the app starts and answers 503 DATABASE_LOCKED while it lasts.
 */
export async function assertDatabaseWritable(dataSource: DataSource): Promise<void> {
  const fault = await writeFaultOf(dataSource);
  if (fault !== undefined && fault !== 'locked') throw new DatabaseNotWritableError(START_MESSAGES[fault]);
}

/** A write tried without writing: SQLite takes and releases the write lock; PostgreSQL says whether it is read-only. */
export async function writeFaultOf(dataSource: DataSource): Promise<DatabaseFault | undefined> {
  if (dataSource.options.type === 'postgres') {
    const rows = await dataSource.query<{ transaction_read_only: string }[]>('SHOW transaction_read_only');
    return rows[0]?.transaction_read_only === 'on' ? 'read-only' : undefined;
  }
  const driver = dataSource.driver as unknown as { databaseConnection: Parameters<typeof probeSqliteWrite>[0] };
  return probeSqliteWrite(driver.databaseConnection);
}
