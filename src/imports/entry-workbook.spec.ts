import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { CriterionInput } from '../standings/domain/types.js';
import { AppException } from '../common/app-exception.js';
import { COLUMN_NUMBER, EXTRA_ROWS, LISTS_SHEET, MARKER_SHEET, RESULTS_SHEET } from './domain/entry-layout.js';
import { buildEntryWorkbook, type EntryTemplateModel } from './entry-workbook.js';
import { ERROR_FILL_ARGB, PROBLEMS_SHEET, markProblems } from './error-workbook.js';
import { readEntryWorkbook } from './read-entry-workbook.js';

const leaf = (code: string, overrides: Partial<CriterionInput>): CriterionInput => ({
  code,
  title: `Tiêu chí ${code}`,
  parentCode: 'I',
  maxPoints: 10,
  kind: 'graded',
  method: 'direct',
  direction: null,
  defaultTarget: null,
  unitOfMeasure: null,
  pointsPerOccurrence: null,
  ...overrides,
});

const CRITERIA: CriterionInput[] = [
  { ...leaf('I', {}), parentCode: null, kind: null, method: null, maxPoints: null, title: 'Nhóm I' },
  leaf('1.1', { kind: 'target', method: 'proportional', direction: 'at-least', defaultTarget: 100, maxPoints: 30 }),
  leaf('1.2', { method: 'per-occurrence', pointsPerOccurrence: 5, maxPoints: 20 }),
  leaf('1.3', { method: 'all-or-nothing' }),
  leaf('1.4', {}),
];

const model = (overrides: Partial<EntryTemplateModel> = {}): EntryTemplateModel => ({
  clusterId: 7,
  clusterCode: 'CUM5',
  clusterName: 'Cụm thi đua số 5',
  year: 2021,
  finalized: false,
  members: [
    { unitId: 11, code: 'Q1', name: 'Ban Tuyên giáo Quận 1' },
    { unitId: 12, code: 'Q3', name: 'Ban Tuyên giáo Quận 3' },
  ],
  criteria: CRITERIA,
  targets: new Map([[12, new Map([['1.1', 95]])]]),
  stored: new Map([
    [
      11,
      new Map([
        [
          '1.1',
          { criterionCode: '1.1', actual: 98, selfScore: null, reviewedScore: null, note: 'đạt', reviewReason: null },
        ],
      ]),
    ],
  ]),
  versions: new Map([
    [11, 3],
    [12, 1],
  ]),
  generatedOn: '03/12/2021',
  ...overrides,
});

const load = async (buffer: Buffer): Promise<ExcelJS.Workbook> => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
};

describe('the result-entry workbook', () => {
  it('lists every (unit, leaf) with max points, signed target and stored values; reads back the same', async () => {
    const buffer = await buildEntryWorkbook(model());
    const workbook = await load(buffer);
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      ['Hướng dẫn', 'visible'],
      [RESULTS_SHEET, 'visible'],
      [MARKER_SHEET, 'hidden'],
    ]);
    const sheet = workbook.getWorksheet(RESULTS_SHEET);
    if (!sheet) throw new Error('no sheet');
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Mã đơn vị',
      'Tên đơn vị',
      'Mã tiêu chí',
      'Tiêu chí',
      'Loại',
      'Cách tính',
      'Điểm tối đa',
      'Chỉ tiêu ký kết',
      'Kết quả thực hiện',
      'Điểm tự chấm',
      'Điểm cụm chấm',
      'Lý do chấm khác',
      'Ghi chú',
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // 2 units × 4 leaves, then the blank rows
    expect(sheet.getCell('A2').value).toBe('Q1'); // the unit's code, never its database id
    expect(sheet.getCell('B2').value).toBe('Ban Tuyên giáo Quận 1');
    expect(sheet.getCell('C2').value).toBe('1.1');
    expect(sheet.getCell('G2').value).toBe(30);
    expect(sheet.getCell('H2').value).toBe(100); // the default target
    expect(sheet.getCell('H6').value).toBe(95); // unit 12 signed 95
    expect(sheet.getCell('I2').value).toBe(98);
    expect(sheet.getCell('M2').value).toBe('đạt');

    const content = await readEntryWorkbook(buffer);
    expect(content.markers).toEqual({
      kind: 'thidua-nhap-ket-qua-v2',
      clusterId: 7,
      clusterCode: 'CUM5',
      year: 2021,
      // What the workbook is made from: each unit's results version and stored values.
      units: new Map([
        [
          'Q1',
          {
            version: 3,
            results: new Map([
              [
                '1.1',
                {
                  criterionCode: '1.1',
                  actual: 98,
                  selfScore: null,
                  reviewedScore: null,
                  note: 'đạt',
                  reviewReason: null,
                },
              ],
            ]),
          },
        ],
        ['Q3', { version: 1, results: new Map() }],
      ]),
    });
    expect(workbook.getWorksheet(MARKER_SHEET)?.state).toBe('hidden');
    expect(content.rows).toHaveLength(8 + EXTRA_ROWS);
    expect(content.rows[0].cells.actual).toEqual({ address: 'I2', value: 98 });
  });

  it('is protected except the input cells, which carry data validation', async () => {
    const sheet = (await load(await buildEntryWorkbook(model()))).getWorksheet(RESULTS_SHEET);
    if (!sheet) throw new Error('no sheet');
    expect((sheet as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({ sheet: true });
    const locked = (address: string): boolean => sheet.getCell(address).protection?.locked !== false;
    for (const address of ['A2', 'B2', 'C2', 'D2', 'E2', 'F2', 'G2', 'H2']) expect(locked(address)).toBe(true);
    for (const address of ['I2', 'J2', 'K2', 'L2', 'M2']) expect(locked(address)).toBe(false);
    expect(locked('I5')).toBe(true); // 1.4 is scored directly: no actual value
    expect(sheet.getCell('J2').dataValidation).toMatchObject({
      type: 'decimal',
      operator: 'between',
      formulae: [0, 30],
    });
    expect(sheet.getCell('I3').dataValidation).toMatchObject({ type: 'whole', formulae: [0] });
    expect(sheet.getCell('I4').dataValidation).toMatchObject({ type: 'list', formulae: ['"0,1"'] });
    const extra = 2 + 8;
    expect(locked(`A${extra}`)).toBe(false);
    expect(sheet.getCell(`A${extra}`).dataValidation).toMatchObject({ type: 'list', formulae: ['"Q1,Q3"'] });
    expect(sheet.getCell(`C${extra}`).dataValidation).toMatchObject({ type: 'list', formulae: ['"1.1,1.2,1.3,1.4"'] });
  });

  it('puts a list longer than 255 characters on a hidden sheet', async () => {
    const many = Array.from({ length: 80 }, (_, i) => leaf(`2.${i + 1}`, {}));
    const workbook = await load(await buildEntryWorkbook(model({ criteria: [CRITERIA[0], ...many] })));
    const lists = workbook.getWorksheet(LISTS_SHEET);
    expect(lists?.state).toBe('hidden');
    expect(lists?.getCell('D2').value).toBe('2.1');
    const sheet = workbook.getWorksheet(RESULTS_SHEET);
    const extra = 2 + 2 * 80;
    expect(sheet?.getCell(`C${extra}`).dataValidation).toMatchObject({
      type: 'list',
      formulae: [`'${LISTS_SHEET}'!$D$2:$D$81`],
    });
    expect(sheet?.getCell(`A${extra}`).dataValidation.formulae).toEqual(['"Q1,Q3"']);
  });

  it('refuses a workbook of the old kind (database ids in column A), asking for a new one', async () => {
    const workbook = await load(await buildEntryWorkbook(model()));
    const marker = workbook.getWorksheet(MARKER_SHEET);
    if (!marker) throw new Error('no marker sheet');
    marker.getCell('B1').value = 'thidua-nhap-ket-qua-v1';
    const old = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(readEntryWorkbook(old)).rejects.toMatchObject({
      code: 'IMPORT_FILE_INVALID',
      message: expect.stringContaining('mẫu nhập kết quả kiểu cũ'),
    });
  });

  it('refuses what is not an xlsx file (415) and a damaged one (400)', async () => {
    const refusal = async (buffer: Buffer): Promise<unknown> => {
      try {
        await readEntryWorkbook(buffer);
      } catch (error) {
        return error instanceof AppException ? error.code : error;
      }
      return 'accepted';
    };
    expect(await refusal(Buffer.from('mã đơn vị;điểm\n1;2'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    const good = await buildEntryWorkbook(model());
    expect(await refusal(good.subarray(0, good.length - 300))).toBe('IMPORT_FILE_INVALID');
    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('Sheet1').getCell('A1').value = 'x';
    expect(await refusal(Buffer.from(await plain.xlsx.writeBuffer()))).toBe('IMPORT_FILE_INVALID');
  });

  it('marks the bad cells with a fill and a note, and opens on a list of every problem linked to its cell', async () => {
    const buffer = await buildEntryWorkbook(model());
    const about = {
      unitCode: 'Q1',
      unitName: 'Ban Tuyên giáo Quận 1',
      criterionCode: '1.2',
      criterionTitle: 'Tiêu chí 1.2',
    };
    const marked = await markProblems(buffer, [
      {
        sheet: RESULTS_SHEET,
        cell: 'J3',
        ...about,
        message:
          "Sheet 'Kết quả', ô J3 (Ban Tuyên giáo Quận 1 – tiêu chí 1.2 'Tiêu chí 1.2'): 'mười' không phải là số; cần số từ 0 đến 10.",
        detail: "'mười' không phải là số; cần số từ 0 đến 10.",
      },
      {
        sheet: RESULTS_SHEET,
        cell: 'J3',
        ...about,
        message: "Sheet 'Kết quả', ô J3: một lỗi nữa.",
        detail: 'một lỗi nữa.',
      },
      {
        sheet: RESULTS_SHEET,
        cell: 'A11',
        unitCode: '=HYPERLINK("http://x")',
        unitName: null,
        criterionCode: null,
        criterionTitle: null,
        message: "Sheet 'Kết quả', ô A11: mã đơn vị không có.",
        detail: 'mã đơn vị \'=HYPERLINK("http://x")\' không có.',
      },
    ]);
    const workbook = await load(marked);
    const sheet = workbook.getWorksheet(RESULTS_SHEET);
    if (!sheet) throw new Error('no sheet');
    const fill = sheet.getCell('J3').fill as ExcelJS.FillPattern;
    expect(fill.fgColor?.argb).toBe(ERROR_FILL_ARGB);
    expect(JSON.stringify(sheet.getCell('J3').note)).toContain("'mười' không phải là số; cần số từ 0 đến 10.");
    expect(JSON.stringify(sheet.getCell('J3').note)).not.toContain('Sheet');
    expect(JSON.stringify(sheet.getCell('J3').note)).toContain('một lỗi nữa.');
    expect(sheet.getCell('J2').note).toBeUndefined();
    expect(COLUMN_NUMBER.selfScore).toBe(10);

    // The list comes first and is the active sheet.
    expect(workbook.worksheets.map((s) => s.name)).toEqual([PROBLEMS_SHEET, 'Hướng dẫn', RESULTS_SHEET, MARKER_SHEET]);
    expect(workbook.views[0]).toMatchObject({ activeTab: 0 });
    const list = workbook.getWorksheet(PROBLEMS_SHEET);
    if (!list) throw new Error('no list');
    expect(list.getRow(2).values).toEqual([undefined, 'STT', 'Sheet', 'Ô', 'Đơn vị', 'Tiêu chí', 'Lỗi và cách sửa']);
    expect(list.getRow(3).values).toEqual([
      undefined,
      1,
      RESULTS_SHEET,
      { formula: `HYPERLINK("#'Kết quả'!J3","J3")`, result: 'J3' },
      'Ban Tuyên giáo Quận 1 (mã Q1)',
      '1.2 – Tiêu chí 1.2',
      "'mười' không phải là số; cần số từ 0 đến 10.",
    ]);
    // What a user typed stays text, never a formula.
    expect(list.getCell('D5').value).toBe('mã =HYPERLINK("http://x")');
    expect(list.getCell('D5').type).toBe(ExcelJS.ValueType.String);
  });

  it('leaves a file without problems as it was (no list)', async () => {
    const workbook = await load(await markProblems(await buildEntryWorkbook(model()), []));
    expect(workbook.getWorksheet(PROBLEMS_SHEET)).toBeUndefined();
  });
});
