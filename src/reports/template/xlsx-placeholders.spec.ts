import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { buildClusterReportTemplate, buildOverviewTemplate, REQUIRED_PLACEHOLDERS } from './default-templates.js';
import { missingIn, placeholdersBySheet, xmlText } from './xlsx-placeholders.js';
import { PLACEHOLDER } from './xlsx-template.js';

const bytesOf = async (workbook: ExcelJS.Workbook): Promise<Buffer> => Buffer.from(await workbook.xlsx.writeBuffer());

/** What exceljs reads: each sheet's placeholders (in text and rich-text cells) by sheet name. */
async function throughExceljs(bytes: Buffer): Promise<Map<string, Set<string>>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const textOf = ({ value }: ExcelJS.Cell): string =>
    typeof value === 'string'
      ? value
      : value && typeof value === 'object' && 'richText' in value
        ? value.richText.map((r) => r.text).join('')
        : '';
  return new Map(
    workbook.worksheets.map((sheet) => {
      const keys = new Set<string>();
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          for (const match of textOf(cell).matchAll(PLACEHOLDER)) keys.add(match[1] ?? '');
        }),
      );
      return [sheet.name, keys] as const;
    }),
  );
}

describe('placeholders read from the template XML', () => {
  it.each([
    ['cluster report', buildClusterReportTemplate],
    ['overview', buildOverviewTemplate],
  ])(
    'the default %s template: the same placeholders as exceljs finds, nothing required missing',
    async (_name, build) => {
      const bytes = await bytesOf(build());
      const fromXml = placeholdersBySheet(bytes);
      expect(fromXml).toEqual(await throughExceljs(bytes));
      expect([...fromXml.values()].some((keys) => keys.size > 5)).toBe(true);
      for (const required of Object.values(REQUIRED_PLACEHOLDERS)) {
        const relevant = Object.fromEntries(Object.entries(required).filter(([sheet]) => fromXml.has(sheet)));
        expect(missingIn(fromXml, relevant)).toEqual([]);
      }
    },
  );

  it("rich text split across runs, entities and odd sheet names; not a formula's result", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Tổng hợp & "so sánh"');
    sheet.getCell('A1').value = {
      richText: [{ text: 'Năm {{ye' }, { text: 'ar}} — ', font: { bold: true } }, { text: '{{ title }}' }],
    };
    sheet.getCell('A2').value = { formula: '"x"', result: '{{fromFormula}}' };
    sheet.getCell('A3').value = 'A & B < {{amp.key}}';
    sheet.getCell('A4').value = 42;
    sheet.getCell('A5').value = '{{not a key}} {{ok_1}}';
    workbook.addWorksheet('Trống');
    const bytes = await bytesOf(workbook);
    const fromXml = placeholdersBySheet(bytes);
    expect(fromXml).toEqual(await throughExceljs(bytes));
    expect(fromXml.get('Tổng hợp & "so sánh"')).toEqual(new Set(['year', 'title', 'amp.key', 'ok_1']));
    expect(fromXml.get('Trống')).toEqual(new Set());
  });

  it('says what is missing, sheet by sheet, a missing sheet by its name', async () => {
    const workbook = buildOverviewTemplate();
    const bytes = await bytesOf(workbook);
    const required = { [workbook.worksheets[0].name]: ['title', 'khongCo'], 'Không có': ['x'] };
    expect(missingIn(placeholdersBySheet(bytes), required)).toEqual([
      `"${workbook.worksheets[0].name}": {{khongCo}}`,
      'trang tính "Không có"',
    ]);
  });

  it('refuses what is not an .xlsx', () => {
    expect(() => placeholdersBySheet(Buffer.from('không phải tệp zip'))).toThrow();
  });

  it.each([
    ['&amp;&lt;&gt;&quot;&apos;', '&<>"\''],
    ['&#7877;&#x1EC7;', 'ễệ'],
    ['&unknown;', '&unknown;'],
  ])('decodes %s', (xml, text) => {
    expect(xmlText(xml)).toBe(text);
  });
});
