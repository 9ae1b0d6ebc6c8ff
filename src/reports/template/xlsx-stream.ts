/**
 * A sheet of a report template, read once and then written filled as many times as needed straight
 * into exceljs's streaming writer: the same cells, styles, merges, widths and heights as filling a
 * fresh copy of the template (fillSheet) and copying it over, without loading the template again or
 * building the filled sheet in memory. For data without column groups: `{{col.…}}` cells are
 * emptied, as fillSheet does when there are none.
 */
import type ExcelJS from 'exceljs';
import {
  emptyColumnGroups,
  filledCell,
  sheetMerges,
  tableRowOf,
  wrappedRowHeight,
  type MergeRange,
  type SheetData,
  type TableRow,
  type WrappedCell,
} from './xlsx-template.js';

interface TemplateCell {
  readonly column: number;
  readonly value: ExcelJS.CellValue;
  readonly style: Partial<ExcelJS.Style>;
  /** The column of the cell's merge master when it is merged into another cell of its row. */
  readonly masterColumn?: number;
  /** Merged into a cell of another row: only its style is written. */
  readonly belowMaster?: boolean;
}

interface TemplateRow {
  readonly height: number | undefined;
  readonly cells: readonly TemplateCell[];
}

type WorksheetOptions = Pick<ExcelJS.Worksheet, 'views' | 'pageSetup' | 'properties' | 'headerFooter'>;

export class StreamedSheetTemplate {
  private constructor(
    private readonly options: WorksheetOptions,
    /** Column widths as the template sets them (undefined: none). */
    private readonly widths: readonly (number | undefined)[],
    private readonly merges: readonly MergeRange[],
    private readonly rows: readonly TemplateRow[],
    /** The table row (1-based), repeated once per item; undefined when the sheet has none. */
    private readonly tableRow: number | undefined,
  ) {}

  /** Reads a template sheet (a copy of its own: its column groups are emptied). */
  static of(sheet: ExcelJS.Worksheet): StreamedSheetTemplate {
    emptyColumnGroups(sheet);
    const merges = sheetMerges(sheet);
    const rows: TemplateRow[] = [];
    for (let r = 1; r <= sheet.rowCount; r += 1) {
      const cells: TemplateCell[] = [];
      const row = sheet.getRow(r);
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        const master = cell.isMerged && cell.master.address !== cell.address ? cell.master : undefined;
        cells.push({
          column,
          value: cell.value,
          style: cell.style,
          ...(master === undefined
            ? {}
            : Number(master.row) === r
              ? { masterColumn: Number(master.col) }
              : { belowMaster: true }),
        });
      });
      rows.push({ height: row.height || undefined, cells });
    }
    const widths = Array.from({ length: sheet.columnCount }, (_, i) => sheet.getColumn(i + 1).width);
    const { views, pageSetup, properties, headerFooter } = sheet;
    return new StreamedSheetTemplate(
      { views, pageSetup, properties, headerFooter },
      widths,
      merges,
      rows,
      tableRowOf(sheet),
    );
  }

  /**
   * Adds a sheet named `name` to the streaming workbook and writes it filled with `data`;
   * `oddHeader` replaces the printed page header when given.
   */
  write(writer: ExcelJS.stream.xlsx.WorkbookWriter, name: string, data: SheetData, oddHeader?: string): void {
    const items = data.rows ?? [];
    const table = this.tableRow;
    // Rows below the table move by the items added (or up by one when there are none).
    const shift = table === undefined ? 0 : items.length - 1;
    // A table without items takes its row's merges with it.
    const merges = [
      ...this.merges.filter((m) => table === undefined || m.top < table || (m.top === table && items.length > 0)),
      ...this.merges
        .filter((m) => table !== undefined && m.top > table)
        .map((m) => ({ ...m, top: m.top + shift, bottom: m.bottom + shift })),
    ];
    const target = writer.addWorksheet(name, {
      ...this.options,
      headerFooter: oddHeader === undefined ? this.options.headerFooter : { ...this.options.headerFooter, oddHeader },
    });
    target.columns = this.widths.map((width) => ({ width: width ?? 10 }));
    for (const m of merges) target.mergeCells(m.top, m.left, m.bottom, m.right);

    const rowCount = this.rows.length + shift;
    for (let r = 1; r <= rowCount; r += 1) {
      let source: TemplateRow | undefined;
      let item: TableRow | undefined;
      if (table === undefined || r < table) {
        source = this.rows[r - 1];
      } else if (r < table + items.length) {
        source = this.rows[table - 1];
        item = items[r - table];
      } else {
        source = this.rows[r - shift - 1];
      }
      // The table's first row is the template's own, with its merges; the repeated ones have none.
      const repeated = table !== undefined && r > table && item !== undefined;
      this.writeRow(target.getRow(r), source, data, item, repeated, merges);
    }
    target.commit();
  }

  private writeRow(
    to: ExcelJS.Row,
    source: TemplateRow | undefined,
    data: SheetData,
    item: TableRow | undefined,
    repeated: boolean,
    merges: readonly MergeRange[],
  ): void {
    if (source === undefined) {
      to.commit();
      return;
    }
    const values = new Map<number, ExcelJS.CellValue>();
    for (const cell of source.cells) {
      if (cell.masterColumn !== undefined || cell.belowMaster) continue;
      values.set(cell.column, filledCell(cell.value, data, item, undefined));
    }
    // A cell merged into another shows its master's value; in a repeated table row (not merged) it
    // holds its master's text, filled.
    const valueOf = (cell: TemplateCell): ExcelJS.CellValue | undefined =>
      cell.masterColumn === undefined
        ? values.get(cell.column)
        : repeated
          ? filledCell(source.cells.find((c) => c.column === cell.masterColumn)?.value ?? null, data, item, undefined)
          : values.get(cell.masterColumn);
    let height = source.height;
    if (item !== undefined) {
      const wrapped: WrappedCell[] = source.cells.flatMap((cell) => {
        const value = valueOf(cell);
        return value === undefined || value === null
          ? []
          : [{ column: cell.column, value, alignment: cell.style.alignment, font: cell.style.font }];
      });
      height = wrappedRowHeight(Number(to.number), wrapped, (c) => this.widths[c - 1], merges) ?? height;
    }
    if (height) to.height = height;
    for (const cell of source.cells) {
      const target = to.getCell(cell.column);
      // A cell merged into another takes its master's value: only its style is written.
      const merged = !repeated && (cell.belowMaster === true || cell.masterColumn !== undefined);
      if (!merged) target.value = valueOf(cell) ?? null;
      target.style = cell.style;
    }
    to.commit();
  }
}
