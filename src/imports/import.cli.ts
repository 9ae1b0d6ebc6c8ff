/**
 * `npm run cli -- import --cluster CODE --year 2021 FILE [--dry-run]`: the same import as
 * POST …/import, from the command line (audited as the system). Prints the counts, or every
 * problem with its sheet and cell, in Vietnamese; returns the exit code.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ImportsService } from './imports.service.js';

export interface ImportCommandOptions {
  clusterCode: string;
  year: number;
  file: string;
  dryRun: boolean;
}

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const err = (line: string): void => void process.stderr.write(`${line}\n`);

/** 0: imported (or would be, with dryRun); 1: the file was refused; 2: the file cannot be read. */
export async function runImportCommand(app: INestApplicationContext, options: ImportCommandOptions): Promise<number> {
  let content: Buffer;
  try {
    content = await readFile(options.file);
  } catch (error) {
    err(`Không đọc được tệp "${options.file}": ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const imports = app.get(ImportsService);
  try {
    const clusterId = await imports.clusterIdByCode(options.clusterCode);
    const response = await imports.import(
      clusterId,
      options.year,
      { fileName: basename(options.file), content },
      options.dryRun,
    );
    out(response.message);
    for (const unit of response.units) {
      out(
        `  ${unit.name} (mã ${unit.unitCode}): ${unit.rows} dòng; ${unit.added} mới, ${unit.changed} sửa, ${unit.cleared} xóa, ${unit.unchanged} giữ nguyên`,
      );
    }
    if (options.dryRun) out('Chạy thử (--dry-run): chưa ghi gì.');
    return 0;
  } catch (error) {
    if (!(error instanceof AppException)) throw error;
    err(error.message);
    for (const messages of Object.values(error.errors ?? {})) for (const message of messages) err(`  ${message}`);
    return 1;
  }
}
