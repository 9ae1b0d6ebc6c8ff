/**
 * A workbook cell's value as plain data (import-plan.ts checks it): a formula counts with the
 * result the spreadsheet saved with it; a formula saved without a result (a file written by a
 * program, never opened in Excel or LibreOffice) is kept as such, to be refused, never read as
 * an empty cell. Rich text gives its text, a hyperlink its text.
 */
import type ExcelJS from 'exceljs';
import type { RawValue } from './import-plan.js';

export function plainValue(value: ExcelJS.CellValue | undefined): RawValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('error' in value) return { error: String(value.error) };
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const formula = 'formula' in value && typeof value.formula === 'string' ? value.formula : undefined;
      const shared =
        'sharedFormula' in value && typeof value.sharedFormula === 'string' ? value.sharedFormula : undefined;
      const result = (value as { result?: unknown }).result;
      if (
        result === undefined ||
        result === null ||
        (typeof result === 'object' && !('error' in result) && !(result instanceof Date))
      ) {
        return { formula: formula ?? (shared === undefined ? '' : `(công thức dùng chung với ô ${shared})`) };
      }
      if (typeof result === 'object' && 'error' in result) return { error: String(result.error) };
      return plainValue(result as ExcelJS.CellValue);
    }
    if ('text' in value) return plainValue((value as { text: ExcelJS.CellValue }).text);
  }
  return null;
}
