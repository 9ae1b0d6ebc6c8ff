/**
 * The written summary report (GET /api/clusters/:id/years/:year/report.docx), read back from the
 * Word XML: the official header (issuing body, number line, motto, place and date), the result
 * sentence with the demo's figures (CUM5 2021: 11/12 excellent, 91,67%; 108/120 targets, 90,00%),
 * the standings table as the API ranks it, the secretary's strengths and shortcomings (PUT
 * …/report-texts: validated, versioned, audited, locked once finalized), next year's head and deputy,
 * the signature block, and the draft mark on every page of a year that is not finalized.
 * Also: the template is checked at start, and an edited copy keeps its styles.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import PizZip from 'pizzip';
import { api, createTestApp, tokenFor } from '../test-app.js';
import type { Api } from '../factories/units.factory.js';
import { DOCX_TYPE, readDocx, type DocxText } from '../factories/docx-report.factory.js';
import { startWithTemplates } from '../factories/report-templates.factory.js';

type Body = Record<string, any>;

const pad = (n: number): string => String(n).padStart(2, '0');
const todayDmy = (): string => {
  const d = new Date();
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};
const upper = (text: string): string => text.toLocaleUpperCase('vi');

const STRENGTHS = [
  'Các đơn vị thành viên thực hiện nghiêm túc giao ước thi đua, hoàn thành vượt mức nhiều chỉ tiêu.',
  'Công tác phối hợp giữa các đơn vị trong cụm chặt chẽ, kịp thời.',
];
const SHORTCOMING = 'Một số đơn vị gửi báo cáo chậm so với thời gian quy định.';

async function getDocx(client: Api, url: string): Promise<{ status: number; headers: Body; doc: DocxText | null }> {
  const response = await client.raw({ method: 'GET', url });
  return {
    status: response.statusCode,
    headers: response.headers,
    doc: response.statusCode === 200 ? readDocx(response.rawPayload) : null,
  };
}

describe('the summary report (.docx)', () => {
  let app: NestFastifyApplication;
  let admin: Api;
  let cum5: number;
  let bloc: number;

  beforeAll(async () => {
    app = await createTestApp({ demoSeed: 'auto' });
    admin = api(app);
    const clusters: Body[] = (await admin.get('/api/clusters')).body;
    cum5 = clusters.find((c) => c.code === 'CUM5')?.id as number;
    bloc = clusters.find((c) => c.kind === 'bloc')?.id as number;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('prints the header, the demo figures, the standings, the texts and the signature; a draft says so on every page', async () => {
    const secretary = api(app, await tokenFor(app, 'secretary', [cum5]));
    const base = `/api/clusters/${cum5}/years/2021`;
    const year = (await admin.get(base)).body;
    const saved = await secretary.put(`${base}/report-texts`, {
      version: year.version,
      signerName: '  Nguyễn Văn An ',
      strengths: `${STRENGTHS[0]}\n\n${STRENGTHS[1]}\n`,
      shortcomings: SHORTCOMING,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.report).toEqual({
      signerName: 'Nguyễn Văn An',
      strengths: `${STRENGTHS[0]}\n\n${STRENGTHS[1]}`,
      shortcomings: SHORTCOMING,
    });
    expect(saved.body.version).toBe(year.version + 1);
    expect((await admin.get(base)).body.report.signerName).toBe('Nguyễn Văn An');

    const { status, headers, doc } = await getDocx(admin, `${base}/report.docx?number=12&date=2021-12-10`);
    expect(status).toBe(200);
    expect(headers['content-type']).toBe(DOCX_TYPE);
    expect(headers['content-disposition']).toBe('attachment; filename="bao-cao-tong-ket-CUM5-2021.docx"');
    const text = doc as DocxText;
    const settings = (await admin.get('/api/settings/organizer')).body;
    const standings = (await admin.get(`${base}/standings`)).body;

    // the header: issuing body (the head unit) and number left, motto and date line right
    const [left, right] = text.tables[0]?.[0] ?? [];
    expect(left?.split('\n')).toEqual([upper(year.clusterName), upper(year.head.name), '', 'Số: 12/BC-CTĐ']);
    expect(right?.split('\n')).toEqual([settings.mottoLines[0], '', `${settings.place}, ngày 10 tháng 12 năm 2021`]);
    expect(text.paragraphs).toContain('BÁO CÁO');
    expect(text.paragraphs).toContain(`Tổng kết công tác thi đua năm 2021 của ${year.clusterName}`);

    // the figures
    expect(text.paragraphs).toContain(
      `${year.clusterName} có 11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (91,67%); 108/120 chỉ tiêu đạt, đạt 90,00% so với chỉ tiêu ký kết.`,
    );
    const table = text.tables[1] ?? [];
    expect(table[0]).toEqual(['STT', 'Đơn vị', 'Tổng điểm', 'Chỉ tiêu đạt/ký kết', 'Xếp hạng', 'Xếp loại']);
    expect(table.slice(1)).toEqual(
      standings.rows.map((row: Body, i: number) => [
        String(i + 1),
        row.unit.name,
        row.totalDisplay,
        `${row.targetsMet}/${row.targetsSigned}`,
        String(row.rank),
        row.ratingLabel,
      ]),
    );
    expect(table).toHaveLength(13);

    // the secretary's paragraphs, one per line written; next year's head and deputy
    const strengthsAt = text.paragraphs.indexOf('1. Ưu điểm');
    expect(text.paragraphs.slice(strengthsAt + 1, strengthsAt + 4)).toEqual([...STRENGTHS, '2. Hạn chế, tồn tại']);
    expect(text.paragraphs).toContain(SHORTCOMING);
    expect(text.paragraphs).toContain(
      `Hội nghị thống nhất bầu ${year.nextHead.name} làm Cụm trưởng, ${year.nextDeputy.name} làm Cụm phó năm 2022.`,
    );

    // "Nơi nhận" and the signature block
    const [recipients, signature] = text.tables[2]?.[0] ?? [];
    expect(recipients?.split('\n')[0]).toBe('Nơi nhận:');
    expect(recipients).toContain(`- Các đơn vị thành viên ${year.clusterName};`);
    expect(recipients).toContain('- Lưu: VT.');
    const signed = (signature ?? '').split('\n').filter((line) => line !== '');
    expect(signed).toEqual([`TM. ${upper(year.clusterName)}`, 'CỤM TRƯỞNG', 'Nguyễn Văn An']);

    // a draft: marked on every page (both page headers) and said under the table
    expect(text.headers).toHaveLength(2);
    for (const header of text.headers) expect(header).toContain('DỰ THẢO');
    expect(text.paragraphs).toContain('Kết quả trên là dự thảo, chưa được chốt; số liệu có thể còn thay đổi.');
    expect(text.text).not.toMatch(/[{}]/);
  });

  it('a blank number leaves room to write it; the date line defaults to the conference date; bad values are refused', async () => {
    const base = `/api/clusters/${cum5}/years/2022`;
    const { doc } = await getDocx(admin, `${base}/report.docx`);
    const settings = (await admin.get('/api/settings/organizer')).body;
    const [left, right] = doc?.tables[0]?.[0] ?? [];
    expect(left).toContain(`Số: ${'\u00a0'.repeat(6)}/BC-CTĐ`);
    expect(right).toContain(`${settings.place}, ngày 06 tháng 12 năm 2022`); // the conference's day
    // without texts: dotted lines to write on, no signer name
    const paragraphs = doc?.paragraphs ?? [];
    const strengthsAt = paragraphs.indexOf('1. Ưu điểm');
    expect(paragraphs.slice(strengthsAt + 1, strengthsAt + 5)).toEqual(['\t', '\t', '\t', '2. Hạn chế, tồn tại']);
    const signature = (doc?.tables[2]?.[0]?.[1] ?? '').split('\n').filter((line) => line !== '');
    expect(signature).toEqual([expect.stringMatching(/^TM\. /), 'CỤM TRƯỞNG']);

    for (const [query, field] of [
      ['number=12a', 'number'],
      ['number=12345678901', 'number'],
      ['date=2021-02-30', 'date'],
      ['date=10/12/2021', 'date'],
    ] as const) {
      const response = await admin.get(`${base}/report.docx?${query}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(Object.keys(response.body.errors)).toEqual([field]);
    }
    expect((await admin.get(`/api/clusters/${cum5}/years/2035/report.docx`)).body.code).toBe('CLUSTER_YEAR_NOT_FOUND');
  });

  it('the texts are validated, versioned and audited', async () => {
    const base = `/api/clusters/${cum5}/years/2022`;
    const { version } = (await admin.get(base)).body;
    const tooLong = await admin.put(`${base}/report-texts`, { version, strengths: 'x'.repeat(6001) });
    expect(tooLong.status).toBe(400);
    expect(Object.keys(tooLong.body.errors)).toEqual(['strengths']);
    const ok = await admin.put(`${base}/report-texts`, { version, shortcomings: SHORTCOMING });
    expect(ok.status).toBe(200);
    expect(ok.body.report).toEqual({ signerName: null, strengths: null, shortcomings: SHORTCOMING });
    const stale = await admin.put(`${base}/report-texts`, { version, shortcomings: 'Khác' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect((await admin.get(base)).body.report.shortcomings).toBe(SHORTCOMING);

    const audit = (await admin.get(`/api/audit?clusterId=${cum5}&year=2022&entityType=cluster-year`)).body;
    const entry = audit.items.find((e: Body) => e.reason === 'Người ký, ưu điểm, hạn chế của báo cáo tổng kết');
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).toContain(SHORTCOMING);
  });

  it('a finalized year prints the adopted figures and when they were adopted, without the draft mark; its texts are locked', async () => {
    const base = `/api/clusters/${bloc}/years/2021`;
    const before = (await admin.get(base)).body;
    const texts = await admin.put(`${base}/report-texts`, { version: before.version, signerName: 'Trần Thị Bình' });
    expect(texts.status).toBe(200);
    expect((await admin.post(`${base}/finalize`, { version: texts.body.version })).status).toBe(200);

    const { doc } = await getDocx(admin, `${base}/report.docx?number=3`);
    const text = doc as DocxText;
    for (const header of text.headers) expect(header).not.toContain('DỰ THẢO');
    expect(text.paragraphs).toContain(`Kết quả trên đã được hội nghị tổng kết thông qua và chốt ngày ${todayDmy()}.`);
    expect(text.tables[0]?.[0]?.[0]).toContain('Số: 3/BC-KTĐ');
    const signature = (text.tables[2]?.[0]?.[1] ?? '').split('\n').filter((line) => line !== '');
    expect(signature).toEqual([`TM. ${upper(before.clusterName)}`, 'KHỐI TRƯỞNG', 'Trần Thị Bình']);
    expect(text.text).toContain('làm Khối trưởng');

    const locked = await admin.put(`${base}/report-texts`, { signerName: 'Người khác' });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('CLUSTER_YEAR_FINALIZED');
  });
});

/** A PDF's text (pdftotext), spaces and line ends folded into single spaces; and its page sizes. */
function pdfText(pdf: Buffer): { text: string; pages: number; a4: boolean } {
  const text = execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, ' ');
  const info = execFileSync('pdfinfo', ['-'], { input: pdf }).toString('utf8');
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
  const [w, h] = [Number(size?.[1]), Number(size?.[2])].sort((a, b) => a - b);
  return { text, pages, a4: Math.abs((w ?? 0) - 595) < 2 && Math.abs((h ?? 0) - 842) < 2 };
}

describe('documents as PDF (LibreOffice)', () => {
  let app: NestFastifyApplication;
  let admin: Api;
  let cum5: number;

  beforeAll(async () => {
    app = await createTestApp({ demoSeed: 'auto' });
    admin = api(app);
    cum5 = ((await admin.get('/api/clusters')).body as Body[]).find((c) => c.code === 'CUM5')?.id as number;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('each document is offered as an A4 PDF whose text holds the figures, the signature block and the draft mark', async () => {
    const base = `/api/clusters/${cum5}/years/2021`;
    const cases: [string, string, string[]][] = [
      [
        `${base}/report.pdf?number=4`,
        'bao-cao-tong-ket-CUM5-2021.pdf',
        [
          'DỰ THẢO',
          'Số: 4/BC-CTĐ',
          '11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (91,67%); 108/120 chỉ tiêu đạt, đạt 90,00% so với chỉ tiêu ký kết.',
          'Nơi nhận:',
          'CỤM TRƯỞNG',
        ],
      ],
      [
        `${base}/report.xlsx.pdf`,
        'bao-cao-CUM5-2021.pdf',
        [
          'DỰ THẢO',
          'BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP LOẠI THI ĐUA NĂM 2021',
          '91.67%',
          'CHI TIẾT ĐIỂM THEO TIÊU CHÍ',
          'CỤM TRƯỞNG',
        ],
      ],
      [
        '/api/years/2021/report.xlsx.pdf',
        'tong-hop-cum-khoi-2021.pdf',
        ['DỰ THẢO', 'TỔNG HỢP KẾT QUẢ THI ĐUA CỦA CÁC CỤM, KHỐI NĂM 2021', 'Nơi nhận:'],
      ],
    ];
    for (const [url, fileName, expected] of cases) {
      const response = await admin.raw({ method: 'GET', url });
      expect([url, response.statusCode, response.headers['content-type']]).toEqual([url, 200, 'application/pdf']);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${fileName}"`);
      const pdf = pdfText(response.rawPayload);
      expect({ url, a4: pdf.a4 }).toEqual({ url, a4: true });
      for (const text of expected)
        expect({ url, text, found: pdf.text.includes(text) }).toEqual({ url, text, found: true });
    }
  }, 120_000);

  it('without LibreOffice the PDF is refused with 501, saying what to install', async () => {
    const bare = await createTestApp({ demoSeed: 'auto', libreOffice: '/nonexistent/soffice' });
    try {
      const response = await api(bare).get(`/api/clusters/${cum5}/years/2021/report.pdf`);
      expect(response.status).toBe(501);
      expect(response.body.code).toBe('PDF_UNAVAILABLE');
      expect(response.body.message).toContain('libreoffice-writer-nogui');
      // the other documents are still there
      expect(
        (await api(bare).raw({ method: 'GET', url: `/api/clusters/${cum5}/years/2021/report.docx` })).statusCode,
      ).toBe(200);
    } finally {
      await bare.close();
    }
  });
});

describe('the summary report template', () => {
  const source = path.resolve('templates/reports');

  /** A copy of the committed templates with summary-report.docx edited part by part. */
  async function templatesCopy(edit: (xml: Map<string, string>) => void): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'thidua-docx-'));
    for (const file of ['cluster-report.xlsx', 'overview.xlsx'])
      await copyFile(path.join(source, file), path.join(dir, file));
    const zip = new PizZip(await readFile(path.join(source, 'summary-report.docx')));
    const parts = new Map(
      ['word/document.xml', 'word/styles.xml'].map((name) => [name, zip.file(name)?.asText() ?? ''] as const),
    );
    edit(parts);
    for (const [name, xml] of parts) zip.file(name, xml);
    await writeFile(path.join(dir, 'summary-report.docx'), zip.generate({ type: 'nodebuffer' }));
    return dir;
  }

  it('an edited copy keeps its styles and text, with the data filled in', async () => {
    const dir = await templatesCopy((parts) => {
      parts.set('word/styles.xml', (parts.get('word/styles.xml') ?? '').replaceAll('Times New Roman', 'Arial'));
      parts.set('word/document.xml', (parts.get('word/document.xml') ?? '').replace('BÁO CÁO', 'BÁO CÁO TỔNG KẾT'));
    });
    const app = await createTestApp({ demoSeed: 'auto', reportTemplatesDir: dir });
    try {
      const client = api(app);
      const cum5 = ((await client.get('/api/clusters')).body as Body[]).find((c) => c.code === 'CUM5')?.id;
      const { doc } = await getDocx(client, `/api/clusters/${cum5}/years/2021/report.docx`);
      expect(doc?.parts.get('word/styles.xml')).toContain('w:ascii="Arial"');
      expect(doc?.paragraphs).toContain('BÁO CÁO TỔNG KẾT');
      expect(doc?.text).toContain('11/12 đơn vị hoàn thành xuất sắc nhiệm vụ (91,67%)');
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a copy without a required tag, or with a section left open, stops the start, naming it', async () => {
    const noSigner = await templatesCopy((parts) =>
      parts.set('word/document.xml', (parts.get('word/document.xml') ?? '').replace('{signerName}', 'Họ tên')),
    );
    const unclosed = await templatesCopy((parts) =>
      parts.set('word/document.xml', (parts.get('word/document.xml') ?? '').replace('{rating}{/rows}', '{rating}')),
    );
    try {
      await expect(startWithTemplates(noSigner)).rejects.toThrow(
        `${path.join(noSigner, 'summary-report.docx')} thiếu chỗ điền bắt buộc: {signerName}`,
      );
      await expect(startWithTemplates(unclosed)).rejects.toThrow(
        `${path.join(unclosed, 'summary-report.docx')} không dùng được`,
      );
    } finally {
      await rm(noSigner, { recursive: true, force: true });
      await rm(unclosed, { recursive: true, force: true });
    }
  });
});
