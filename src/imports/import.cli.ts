/**
 * `npm run cli -- import --cluster CODE --year 2021 FILE [--dry-run]`: the same import as
 * POST …/import, from the command line (audited as the system). Always previews first and prints
 * every cell that changes (old → new) and every conflict; without --dry-run, then applies exactly
 * what was previewed. Prints every problem with its sheet and cell, in Vietnamese; returns the
 * exit code. Overwriting newer results is not offered here: use the web page or the API.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import type { ImportResponse } from './dto/imports.dto.js';
import { ImportsService } from './imports.service.js';

export interface ImportCommandOptions {
  clusterCode: string;
  year: number;
  file: string;
  dryRun: boolean;
}

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const err = (line: string): void => void process.stderr.write(`${line}\n`);

const shown = (value: number | string | null): string =>
  value === null ? '(trống)' : typeof value === 'number' ? String(value).replace('.', ',') : `'${value}'`;

function printPreview(response: ImportResponse): void {
  out(response.message);
  for (const unit of response.units) {
    out(
      `  ${unit.name} (mã ${unit.unitCode}): ${unit.rows} dòng; ${unit.added} mới, ${unit.changed} sửa, ${unit.cleared} xóa, ${unit.unchanged} giữ nguyên`,
    );
    for (const change of unit.changes) {
      out(
        `    ô ${change.cell}, tiêu chí ${change.criterionCode}, ${change.column}: ${shown(change.old)} → ${shown(change.new)}`,
      );
    }
    if (unit.conflictMessage !== null) out(`    XUNG ĐỘT: ${unit.conflictMessage}`);
  }
}

/** 0: imported (or previewed, with dryRun); 1: the file was refused; 2: the file cannot be read. */
export async function runImportCommand(app: INestApplicationContext, options: ImportCommandOptions): Promise<number> {
  let content: Buffer;
  try {
    content = await readFile(options.file);
  } catch (error) {
    err(`Không đọc được tệp "${options.file}": ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const imports = app.get(ImportsService);
  const upload = { fileName: basename(options.file), content };
  try {
    const clusterId = await imports.clusterIdByCode(options.clusterCode);
    const preview = await imports.import(clusterId, options.year, upload, { dryRun: true });
    printPreview(preview);
    if (options.dryRun) {
      out('Chạy thử (--dry-run): chưa ghi gì.');
      return 0;
    }
    if (!preview.canApply || preview.previewToken === null) {
      err('Không nhập: có xung đột với kết quả đã được sửa sau khi tải tệp; tải mẫu mới, hoặc ghi đè trên trang web.');
      return 1;
    }
    const applied = await imports.import(clusterId, options.year, upload, {
      dryRun: false,
      previewToken: preview.previewToken,
    });
    out(applied.message);
    return 0;
  } catch (error) {
    if (!(error instanceof AppException)) throw error;
    err(error.message);
    for (const messages of Object.values(error.errors ?? {})) for (const message of messages) err(`  ${message}`);
    return 1;
  }
}
