/**
 * exceljs, loaded on first use: it is the largest library the app uses (a quarter of a second and
 * some 12 MB to load), and a server that is only read from never needs it. The main thread's
 * reports call `loadExcel()` (types come from `import type`); the upload and document workers
 * import it directly, as they always need it.
 */
import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | undefined;

export function loadExcel(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((module) => module.default);
  return loading;
}
