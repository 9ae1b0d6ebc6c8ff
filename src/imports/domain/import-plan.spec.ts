import { describe, expect, it } from '@jest/globals';
import type { CriterionInput } from '../../standings/domain/types.js';
import type { ColumnKey } from './entry-layout.js';
import {
  parseNumber,
  planImport,
  type ImportContext,
  type ImportedResult,
  type RawRow,
  type RawValue,
} from './import-plan.js';

const leaf = (code: string, overrides: Partial<CriterionInput>): CriterionInput => ({
  code,
  title: code,
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
  { ...leaf('I', {}), parentCode: null, kind: null, method: null, maxPoints: null },
  leaf('1.1', {
    kind: 'target',
    method: 'proportional',
    direction: 'at-least',
    defaultTarget: 100,
    maxPoints: 30,
    title: 'Tỷ lệ học tập',
  }),
  leaf('1.2', { method: 'per-occurrence', pointsPerOccurrence: 5, maxPoints: 20, title: 'Tập huấn' }),
  leaf('1.3', { method: 'all-or-nothing', title: 'Có sơ kết' }),
  leaf('1.4', { title: 'Chất lượng báo cáo' }),
];

const stored = (code: string, values: Partial<ImportedResult>): ImportedResult => ({
  criterionCode: code,
  actual: null,
  selfScore: null,
  reviewedScore: null,
  note: null,
  reviewReason: null,
  ...values,
});

const CONTEXT: ImportContext = {
  sheet: 'Kết quả',
  year: 2021,
  criteria: CRITERIA,
  members: [
    { unitId: 11, code: 'Q1', name: 'Quận 1' },
    { unitId: 12, code: 'Q3', name: 'Quận 3' },
  ],
  stored: new Map([
    [
      11,
      new Map([
        ['1.1', stored('1.1', { actual: 90 })],
        ['1.4', stored('1.4', { selfScore: 8 })],
      ]),
    ],
  ]),
};

const LETTERS: Record<ColumnKey, string> = {
  unitCode: 'A',
  unitName: 'B',
  criterionCode: 'C',
  criterionTitle: 'D',
  kind: 'E',
  method: 'F',
  maxPoints: 'G',
  target: 'H',
  actual: 'I',
  selfScore: 'J',
  reviewedScore: 'K',
  reviewReason: 'L',
  note: 'M',
};

const row = (n: number, values: Partial<Record<ColumnKey, RawValue>>): RawRow => ({
  row: n,
  cells: Object.fromEntries(
    (Object.keys(LETTERS) as ColumnKey[]).map((key) => [
      key,
      { address: `${LETTERS[key]}${n}`, value: values[key] ?? null },
    ]),
  ),
});

describe('parseNumber', () => {
  it.each<[RawValue, unknown]>([
    [null, null],
    ['  ', null],
    [7.5, 7.5],
    ['7,5', 7.5],
    [' 12 ', 12],
    [true, 1],
    [0.1 + 0.2, 0.3],
    ['mười', "'mười' không phải là số"],
    ['1.234,5', 1234.5],
    ['1.250', 1250],
    ['1.250.000', 1_250_000],
    ['83,7', 83.7],
    ['\u00a00,5 ', 0.5],
    [
      '1,250',
      "'1,250' không rõ là số thập phân hay số hàng nghìn; hãy viết 1.250 nếu là hàng nghìn, hoặc 1,25 nếu là số thập phân",
    ],
    ['7.5', expect.stringContaining("'7.5' có dấu chấm không đúng chỗ")],
    ['1,250.5', expect.stringContaining('viết theo kiểu tiếng Anh')],
    [1.23456, '1,23456 có quá 4 chữ số thập phân'],
    [{ error: '#DIV/0!' }, 'ô có lỗi công thức #DIV/0!'],
    [new Date('2021-12-03T00:00:00Z'), '03/12/2021 là ngày tháng, không phải là số'],
  ])('%p → %p', (value, expected) => {
    const parsed = parseNumber(value);
    expect(parsed.ok ? parsed.value : parsed.reason).toEqual(expected);
  });
});

describe('planImport', () => {
  it('reports every bad cell at once, naming sheet, cell, unit and criterion in plain Vietnamese', () => {
    const plan = planImport(
      [
        row(2, { unitCode: 'Q1', criterionCode: '1.1', actual: 'mười' }),
        row(3, { unitCode: 'Q1', criterionCode: '1.2', actual: 2.5, selfScore: 25 }),
        row(4, { unitCode: 'Q1', criterionCode: '1.3', actual: 2 }),
        row(5, { unitCode: 'Q9', criterionCode: '1.4', selfScore: 5 }),
        row(6, { unitCode: 'Q1', criterionCode: '9.9', selfScore: 5 }),
        row(7, { unitCode: 'Q1', criterionCode: 'I', selfScore: 5 }),
        row(8, { unitCode: 'Q3', criterionCode: '1.4', selfScore: 6, reviewedScore: 4 }),
        row(9, { unitCode: ' q3 ', criterionCode: '1.4', selfScore: 6 }),
        row(10, { unitCode: 'Q3', criterionCode: '1.4', actual: 3 }),
        row(11, {}),
        row(12, { criterionCode: '1.1', actual: 3 }),
        row(13, { unitCode: 'Q3', criterionCode: '1.1', actual: '1,250' }),
      ],
      CONTEXT,
    );
    expect(plan.problems.map((p) => [p.cell, p.message])).toEqual([
      [
        'I2',
        "Sheet 'Kết quả', ô I2 (Quận 1 – tiêu chí 1.1 'Tỷ lệ học tập'): 'mười' không phải là số; cần số từ 0 trở lên.",
      ],
      [
        'I3',
        "Sheet 'Kết quả', ô I3 (Quận 1 – tiêu chí 1.2 'Tập huấn'): 2,5: kết quả là số lần nên phải là số nguyên (đang là 2,5).",
      ],
      [
        'J3',
        "Sheet 'Kết quả', ô J3 (Quận 1 – tiêu chí 1.2 'Tập huấn'): 25: Điểm tự chấm phải từ 0 đến 20 (điểm tối đa), đang là 25.",
      ],
      [
        'I4',
        expect.stringContaining(
          "ô I4 (Quận 1 – tiêu chí 1.3 'Có sơ kết'): 2: tiêu chí đạt/không đạt nhận 1 (đạt) hoặc 0",
        ),
      ],
      [
        'A5',
        "Sheet 'Kết quả', ô A5 (đơn vị mã 'Q9' – tiêu chí 1.4 'Chất lượng báo cáo'): mã đơn vị 'Q9' không có trong các đơn vị của cụm năm 2021; chọn mã đơn vị từ danh sách.",
      ],
      [
        'C6',
        "Sheet 'Kết quả', ô C6 (Quận 1 – tiêu chí 9.9): mã tiêu chí '9.9' không có trong bảng chấm điểm năm 2021.",
      ],
      ['C7', expect.stringContaining("ô C7 (Quận 1 – tiêu chí I): 'I' là nhóm tiêu chí")],
      [
        'L8',
        "Sheet 'Kết quả', ô L8 (Quận 3 – tiêu chí 1.4 'Chất lượng báo cáo'): điểm cụm chấm (4) khác điểm tự chấm (6); hãy ghi lý do.",
      ],
      [
        'C9',
        "Sheet 'Kết quả', ô C9 (Quận 3 – tiêu chí 1.4 'Chất lượng báo cáo'): đơn vị này đã có một dòng cho tiêu chí 1.4 ở dòng 8; mỗi đơn vị chỉ nhập một dòng cho mỗi tiêu chí.",
      ],
      ['C10', expect.stringContaining('ở dòng 8')],
      ['A12', "Sheet 'Kết quả', ô A12 (tiêu chí 1.1 'Tỷ lệ học tập'): thiếu mã đơn vị; chọn mã đơn vị từ danh sách."],
      [
        'I13',
        expect.stringContaining(
          "ô I13 (Quận 3 – tiêu chí 1.1 'Tỷ lệ học tập'): '1,250' không rõ là số thập phân hay số hàng nghìn",
        ),
      ],
    ]);
    expect(plan.problems[0]).toEqual({
      sheet: 'Kết quả',
      cell: 'I2',
      unitCode: 'Q1',
      unitName: 'Quận 1',
      criterionCode: '1.1',
      criterionTitle: 'Tỷ lệ học tập',
      message: expect.any(String),
      detail: "'mười' không phải là số; cần số từ 0 trở lên.",
    });
    // No API path or field name reaches a user.
    for (const { message } of plan.problems) {
      expect(message).not.toMatch(/\b(actual|selfScore|reviewedScore|reviewReason|unitId|results\[|\/api\/)/);
    }
  });

  it.each([
    [
      'a direct criterion given an actual value',
      { unitCode: 'Q1', criterionCode: '1.4', actual: 3 },
      'I2',
      'cột "Điểm tự chấm" hoặc "Điểm cụm chấm"',
    ],
  ])('%s: the API rule reads as plain Vietnamese', (_name, values, cell, text) => {
    const plan = planImport([row(2, values)], CONTEXT);
    expect(plan.problems.map((p) => p.cell)).toEqual([cell]);
    expect(plan.problems[0].message).toContain(text);
    expect(plan.problems[0].message).not.toMatch(/selfScore|reviewedScore|Tiêu chí "/);
  });

  it.each([
    ['the code as typed', 'Q3'],
    ['lower case', 'q3'],
    ['with spaces', '  Q3\u00a0'],
  ])('finds a unit by its code: %s', (_name, typed) => {
    const plan = planImport([row(2, { unitCode: typed, criterionCode: '1.4', selfScore: 7 })], CONTEXT);
    expect(plan.problems).toEqual([]);
    expect(plan.units.map((u) => [u.code, u.name])).toEqual([['Q3', 'Quận 3']]);
  });

  it('replaces the listed criteria of the units in the file and keeps the rest, counting the changes', () => {
    const plan = planImport(
      [
        row(2, { unitCode: 'Q1', criterionCode: '1.1', actual: 90 }),
        row(3, { unitCode: 'Q1', criterionCode: '1.2', actual: '3' }),
        row(4, { unitCode: 'Q1', criterionCode: '1.3' }),
        row(5, { unitCode: 'Q3', criterionCode: '1.4', selfScore: 7, note: ' ghi chú ' }),
      ],
      {
        ...CONTEXT,
        stored: new Map([
          ...CONTEXT.stored,
          [11, new Map([...(CONTEXT.stored.get(11) ?? []), ['1.3', stored('1.3', { actual: 1 })]])],
        ]),
      },
    );
    expect(plan.problems).toEqual([]);
    expect(
      plan.units.map(({ unitId, code, name, rows, added, changed, cleared, unchanged }) => ({
        unitId,
        code,
        name,
        rows,
        added,
        changed,
        cleared,
        unchanged,
      })),
    ).toEqual([
      { unitId: 11, code: 'Q1', name: 'Quận 1', rows: 3, added: 1, changed: 0, cleared: 1, unchanged: 1 },
      { unitId: 12, code: 'Q3', name: 'Quận 3', rows: 1, added: 1, changed: 0, cleared: 0, unchanged: 0 },
    ]);
    expect(plan.units[0].results).toEqual([
      stored('1.1', { actual: 90 }),
      stored('1.2', { actual: 3 }),
      stored('1.4', { selfScore: 8 }), // not in the file: kept
    ]);
    expect(plan.units[1].results).toEqual([stored('1.4', { selfScore: 7, note: 'ghi chú' })]);
  });
});

describe('planImport against what changed since the workbook was made', () => {
  const at = new Date('2026-11-29T08:04:00Z');
  const context = (overwrite?: ImportContext['overwrite']): ImportContext => ({
    ...CONTEXT,
    stored: new Map([
      [11, new Map([['1.4', stored('1.4', { selfScore: 8, reviewedScore: 9, reviewReason: 'Đủ minh chứng' })]])],
      [12, new Map([['1.4', stored('1.4', { selfScore: 6 })]])],
    ]),
    // Unit 11 was reviewed in the app after the download (version 1 → 2); unit 12 was not.
    current: new Map([
      [11, { version: 2, lastChange: { by: 'thamdinh', at } }],
      [12, { version: 1, lastChange: null }],
    ]),
    base: new Map([
      ['Q1', { version: 1, results: new Map([['1.4', stored('1.4', { selfScore: 8 })]]) }],
      ['Q3', { version: 1, results: new Map([['1.4', stored('1.4', { selfScore: 6 })]]) }],
    ]),
    overwrite,
  });

  it('keeps the newer values the file still holds as they were, and lists every cell that changes', () => {
    const plan = planImport(
      [
        row(2, { unitCode: 'Q1', criterionCode: '1.4', selfScore: 8 }), // as downloaded
        row(3, { unitCode: 'Q3', criterionCode: '1.4', selfScore: 7, note: 'sửa' }),
      ],
      context(),
    );
    expect(plan.problems).toEqual([]);
    expect(plan.conflicts).toEqual([]);
    const [q1, q3] = plan.units;
    expect(q1).toMatchObject({ changedSince: true, version: 2, baseVersion: 1, changes: [], conflictMessage: null });
    expect(q1.results).toEqual([stored('1.4', { selfScore: 8, reviewedScore: 9, reviewReason: 'Đủ minh chứng' })]);
    expect(q1.keptNewer.map((c) => [c.cell, c.column, c.base, c.current, c.file])).toEqual([
      ['K2', 'Điểm cụm chấm', null, 9, null],
      ['L2', 'Lý do chấm khác', null, 'Đủ minh chứng', null],
    ]);
    expect(q3).toMatchObject({ changedSince: false, keptNewer: [], conflicts: [] });
    expect(q3.changes).toEqual([
      {
        sheet: 'Kết quả',
        cell: 'J3',
        criterionCode: '1.4',
        criterionTitle: 'Chất lượng báo cáo',
        field: 'selfScore',
        column: 'Điểm tự chấm',
        old: 6,
        new: 7,
      },
      expect.objectContaining({ cell: 'M3', field: 'note', column: 'Ghi chú', old: null, new: 'sửa' }),
    ]);
  });

  it.each<[string, ImportContext['overwrite'], boolean]>([
    ['without overwrite: a conflict that blocks the unit', undefined, false],
    ['overwriting that unit', { all: false, codes: new Set(['Q1']) }, true],
    ['overwriting all', { all: true }, true],
    ['overwriting another unit only', { all: false, codes: new Set(['Q3']) }, false],
  ])('a cell changed in both: %s', (_name, overwrite, overwritten) => {
    const plan = planImport(
      [row(2, { unitCode: 'Q1', criterionCode: '1.4', selfScore: 8, reviewedScore: 5, reviewReason: 'Thiếu' })],
      context(overwrite),
    );
    const [q1] = plan.units;
    expect(q1.conflicts.map((c) => [c.cell, c.base, c.current, c.file])).toEqual([
      ['K2', null, 9, 5],
      ['L2', null, 'Đủ minh chứng', 'Thiếu'],
    ]);
    expect(q1.conflictMessage).toBe(
      'Quận 1 (mã Q1): kết quả đã được thamdinh sửa lúc 15:04 ngày 29/11/2026, sau khi tệp được tải về (phiên bản 1 → 2); ' +
        "2 ô trong tệp khác cả giá trị lúc tải tệp lẫn giá trị hiện tại: ô K2 (tiêu chí 1.4 'Chất lượng báo cáo', Điểm cụm chấm): " +
        "lúc tải tệp (trống) → hiện tại 9 → trong tệp 5; ô L2 (tiêu chí 1.4 'Chất lượng báo cáo', Lý do chấm khác): " +
        "lúc tải tệp (trống) → hiện tại 'Đủ minh chứng' → trong tệp 'Thiếu'. Để giữ giá trị hiện tại, hãy tải mẫu mới và " +
        'nhập lại; để ghi đè bằng giá trị trong tệp, chọn ghi đè đơn vị này và ghi lý do.',
    );
    expect(q1.overwritten).toBe(overwritten);
    expect(plan.conflicts.map((u) => u.code)).toEqual(overwritten ? [] : ['Q1']);
    expect(q1.results[0]).toMatchObject(
      overwritten ? { reviewedScore: 5, reviewReason: 'Thiếu' } : { reviewedScore: 9, reviewReason: 'Đủ minh chứng' },
    );
    expect(q1.changes.map((c) => c.cell)).toEqual(overwritten ? ['K2', 'L2'] : []);
  });
});
