/**
 * The uploaded workbook given back with its bad cells marked: a red fill and a note (in
 * Vietnamese) on each cell that has a problem. Plain function: no Nest.
 */
import type { CellProblem } from './domain/import-plan.js';
import { loadXlsx } from './read-entry-workbook.js';

/** The fill of a bad cell. */
export const ERROR_FILL_ARGB = 'FFFFC7CE';

export async function markProblems(buffer: Buffer, problems: readonly CellProblem[]): Promise<Buffer> {
  const workbook = await loadXlsx(buffer);
  const byCell = new Map<string, { sheet: string; cell: string; messages: string[] }>();
  for (const problem of problems) {
    const key = `${problem.sheet}!${problem.cell}`;
    const entry = byCell.get(key) ?? { sheet: problem.sheet, cell: problem.cell, messages: [] };
    entry.messages.push(problem.message.replace(/^Sheet '[^']*', ô [A-Z]+\d+: /, ''));
    byCell.set(key, entry);
  }
  for (const { sheet: sheetName, cell: address, messages } of byCell.values()) {
    const sheet = workbook.getWorksheet(sheetName);
    if (!sheet || !/^[A-Z]+\d+$/.test(address)) continue;
    const cell = sheet.getCell(address);
    // Cells read from a file share style objects: give this one its own before changing it.
    cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: ERROR_FILL_ARGB } } };
    cell.note = messages.join('\n');
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
