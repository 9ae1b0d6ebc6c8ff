/**
 * A workbook round trip never undoes newer work. The workbook carries each unit's results version
 * and values it was made from; an import merges three ways with what changed since: cells the file
 * still holds as downloaded keep the newer values, cells changed in both are a conflict that blocks
 * the unit unless deliberately overwritten (with a reason, audited). Nothing is written without a
 * preview, and applying writes exactly what was previewed (same file, same versions).
 *
 * Table (simpleScoringTable): I › 1.1 target proportional ≥ (60, default 100), 1.2 graded direct (40).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type ExcelJS from 'exceljs';
import { api, createTestApp } from '../test-app.js';
import { auditTotal, latestAudit, whoAmI } from '../factories/audit-trail.factory.js';
import { createCluster } from '../factories/clusters.factory.js';
import { clusterYearBody, putClusterYear } from '../factories/cluster-year.factory.js';
import { createUnits } from '../factories/units.factory.js';
import { downloadTemplate, fillWorkbook, loadWorkbook, rowOf, upload } from '../factories/workbook.factory.js';

type Body = Record<string, any>;

describe('a workbook round trip never undoes newer work', () => {
  let app: NestFastifyApplication;
  let admin: ReturnType<typeof api>;
  let username: string;
  let units: number[];
  let cluster: number;
  let nextYear = 2040;

  const Y = (year: number): string => `/api/clusters/${cluster}/years/${year}`;

  /** Standings and each unit's results: what a change would show. */
  const view = async (year: number): Promise<Body> => {
    const standings = (await admin.get(`${Y(year)}/standings`)).body;
    const results: Body = {};
    for (const unitId of units) results[unitId] = (await admin.get(`${Y(year)}/results/${unitId}`)).body;
    return { rows: standings.rows, results };
  };

  const put = async (year: number, index: number, results: Body[]): Promise<void> => {
    const response = await admin.put(`${Y(year)}/results/${units[index]}`, { results });
    expect(response.status).toBe(200);
  };

  /** A fresh year: unit 1 self-scores 10, unit 2 15, unit 3 14 on 1.2; everyone 100% on 1.1. */
  const newYear = async (): Promise<number> => {
    const year = (nextYear += 1);
    await putClusterYear(admin, cluster, year, clusterYearBody(units));
    await put(year, 0, [
      { criterionCode: '1.1', actual: 100 },
      { criterionCode: '1.2', selfScore: 10 },
    ]);
    await put(year, 1, [
      { criterionCode: '1.1', actual: 100 },
      { criterionCode: '1.2', selfScore: 15 },
    ]);
    await put(year, 2, [
      { criterionCode: '1.1', actual: 100 },
      { criterionCode: '1.2', selfScore: 14 },
    ]);
    return year;
  };

  const rankOf = (body: Body, index: number): number =>
    (body.rows as Body[]).find((r) => r.unit?.id === units[index])?.rank as number;

  const apply = (year: number, file: Buffer, token: string, query = ''): ReturnType<typeof upload> =>
    upload(admin, `${Y(year)}/import?dryRun=false&previewToken=${encodeURIComponent(token)}${query}`, file);

  beforeAll(async () => {
    app = await createTestApp();
    admin = api(app);
    username = (await whoAmI(admin)).username;
    units = await createUnits(admin, 3, 'Phường thử khứ hồi', 'RT-');
    cluster = await createCluster(admin, { code: 'IMP-RT', name: 'Cụm thử khứ hồi' });
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  it('a reviewed score entered after the download survives the import of the old workbook; the leader stays first', async () => {
    const year = await newYear();
    const template = await downloadTemplate(admin, cluster, year);
    expect(rankOf(await view(year), 0)).toBe(3);
    // After the download, the cluster reviews unit 1: it becomes the leader.
    await put(year, 0, [
      { criterionCode: '1.1', actual: 100 },
      { criterionCode: '1.2', selfScore: 10, reviewedScore: 39, reviewReason: 'Bổ sung minh chứng tại hội nghị' },
    ]);
    expect(rankOf(await view(year), 0)).toBe(1);

    // Meanwhile the secretary corrects unit 2 in the old workbook; unit 1's rows are as downloaded.
    let row2 = 0;
    let row1 = 0;
    const filled = await fillWorkbook(
      template,
      (unitCode, code) => (unitCode === 'RT-2' && code === '1.2' ? { selfScore: 16 } : undefined),
      (sheet) => {
        row1 = rowOf(sheet, 'RT-1', '1.2');
        row2 = rowOf(sheet, 'RT-2', '1.2');
      },
    );
    const preview = await upload(admin, `${Y(year)}/import`, filled);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ dryRun: true, applied: false, canApply: true });
    const [u1, u2] = preview.body.units as Body[];
    expect(u1).toMatchObject({
      unitCode: 'RT-1',
      changedSince: true,
      changes: [],
      conflicts: [],
      conflictMessage: null,
    });
    expect(u1.keptNewer.map((c: Body) => [c.cell, c.column, c.base, c.current, c.file])).toEqual([
      [`K${row1}`, 'Điểm cụm chấm', null, 39, null],
      [`L${row1}`, 'Lý do chấm khác', null, 'Bổ sung minh chứng tại hội nghị', null],
    ]);
    expect(u2.changes).toEqual([
      {
        sheet: 'Kết quả',
        cell: `J${row2}`,
        criterionCode: '1.2',
        criterionTitle: 'Chất lượng báo cáo',
        field: 'selfScore',
        column: 'Điểm tự chấm',
        old: 15,
        new: 16,
      },
    ]);
    expect(preview.body.message).toContain('giữ giá trị mới hơn');

    const applied = await apply(year, filled, preview.body.previewToken);
    expect(applied.status).toBe(200);
    const after = await view(year);
    const reviewed = (after.results[units[0]].results as Body[]).find((r) => r.criterionCode === '1.2');
    expect(reviewed).toMatchObject({
      selfScore: 10,
      reviewedScore: 39,
      reviewReason: 'Bổ sung minh chứng tại hội nghị',
    });
    expect(rankOf(after, 0)).toBe(1);
    expect((after.results[units[1]].results as Body[]).find((r) => r.criterionCode === '1.2')?.selfScore).toBe(16);
  });

  it('a cell changed in the app and again in the file is a conflict: named, refused, then overwritten on purpose with a reason', async () => {
    const year = await newYear();
    const template = await downloadTemplate(admin, cluster, year);
    await put(year, 1, [
      { criterionCode: '1.1', actual: 100 },
      { criterionCode: '1.2', selfScore: 15, reviewedScore: 12, reviewReason: 'Chấm lại theo biên bản' },
    ]);
    let row = 0;
    const filled = await fillWorkbook(
      template,
      (unitCode, code) =>
        unitCode === 'RT-2' && code === '1.2' ? { reviewedScore: 17, reviewReason: 'Đơn vị đề nghị' } : undefined,
      (sheet) => {
        row = rowOf(sheet, 'RT-2', '1.2');
      },
    );
    const before = await view(year);
    const audits = await auditTotal(admin);

    const preview = await upload(admin, `${Y(year)}/import`, filled);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ canApply: false, totals: { unitsInConflict: 1 } });
    const unit = (preview.body.units as Body[]).find((u) => u.unitCode === 'RT-2') as Body;
    expect(unit).toMatchObject({ changedSince: true, lastChangedBy: username, overwritten: false, changes: [] });
    expect(unit.conflicts.map((c: Body) => [c.cell, c.column, c.base, c.current, c.file])).toEqual([
      [`K${row}`, 'Điểm cụm chấm', null, 12, 17],
      [`L${row}`, 'Lý do chấm khác', null, 'Chấm lại theo biên bản', 'Đơn vị đề nghị'],
    ]);
    expect(unit.conflictMessage).toMatch(
      new RegExp(
        `^Phường thử khứ hồi 2 \\(mã RT-2\\): kết quả đã được ${username} sửa lúc \\d\\d:\\d\\d ngày \\d\\d/\\d\\d/\\d{4}, sau khi tệp được tải về`,
      ),
    );
    expect(unit.conflictMessage).toContain(
      `ô K${row} (tiêu chí 1.2 'Chất lượng báo cáo', Điểm cụm chấm): lúc tải tệp (trống) → hiện tại 12 → trong tệp 17`,
    );

    // Applying the preview is refused while the conflict stands: nothing is written.
    const refused = await apply(year, filled, preview.body.previewToken);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'IMPORT_CONFLICT', errors: { 'RT-2': [unit.conflictMessage] } });
    expect(refused.body.message).toContain('Không có gì được ghi');

    // Overwriting needs a reason…
    const noReason = await upload(admin, `${Y(year)}/import?overwrite=RT-2&reason=v%C3%AC`, filled);
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: { reason: [expect.stringContaining('10 ký tự')] },
    });
    // …and its own preview: the earlier token did not choose it.
    const reason = 'Hội nghị cụm thống nhất lấy điểm đơn vị đề nghị';
    const q = `&overwrite=rt-2&reason=${encodeURIComponent(reason)}`;
    const other = await apply(year, filled, preview.body.previewToken, q);
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'PREVIEW_OUTDATED' });
    expect(await view(year)).toEqual(before);
    expect(await auditTotal(admin)).toBe(audits);

    const overwriting = await upload(admin, `${Y(year)}/import?${q.slice(1)}`, filled);
    expect(overwriting.status).toBe(200);
    expect(overwriting.body).toMatchObject({ canApply: true, overwrite: { units: ['RT-2'], reason } });
    const marked = (overwriting.body.units as Body[]).find((u) => u.unitCode === 'RT-2') as Body;
    expect(marked).toMatchObject({ overwritten: true });
    expect(marked.changes.map((c: Body) => [c.cell, c.old, c.new])).toEqual([
      [`K${row}`, 12, 17],
      [`L${row}`, 'Chấm lại theo biên bản', 'Đơn vị đề nghị'],
    ]);
    const done = await apply(year, filled, overwriting.body.previewToken, q);
    expect(done.status).toBe(200);
    const result = ((await view(year)).results[units[1]].results as Body[]).find((r) => r.criterionCode === '1.2');
    expect(result).toMatchObject({ reviewedScore: 17, reviewReason: 'Đơn vị đề nghị' });

    // Audited with the reason: the unit's results and the file.
    const unitEntry = await latestAudit(admin, { entityType: 'results', unitId: units[1] });
    expect(unitEntry).toMatchObject({
      action: 'import',
      reason: expect.stringContaining(`ghi đè 2 ô đã được ${username} sửa`),
    });
    expect(unitEntry.reason).toContain(`Lý do: ${reason}`);
    const fileEntry = await latestAudit(admin, { entityType: 'import' });
    expect(fileEntry).toMatchObject({
      after: { sha256: createHash('sha256').update(filled).digest('hex'), overwrite: { units: ['RT-2'], reason } },
      reason: expect.stringContaining(reason),
    });
  });

  it('a unit changed since, whose cells in the file equal the current values, is no conflict: nothing to write', async () => {
    const year = await newYear();
    const template = await downloadTemplate(admin, cluster, year);
    await put(year, 2, [
      { criterionCode: '1.1', actual: 100 },
      { criterionCode: '1.2', selfScore: 13 },
    ]);
    const filled = await fillWorkbook(template, (unitCode, code) =>
      unitCode === 'RT-3' && code === '1.2' ? { selfScore: 13 } : undefined,
    );
    const preview = await upload(admin, `${Y(year)}/import`, filled);
    expect(preview.body).toMatchObject({ canApply: true, totals: { unitsInConflict: 0, cellsChanged: 0 } });
    expect((preview.body.units as Body[])[2]).toMatchObject({
      unitCode: 'RT-3',
      changedSince: true,
      changes: [],
      conflicts: [],
    });
  });

  describe('nothing is written without a preview; applying writes exactly what was previewed', () => {
    let year: number;
    let filled: Buffer;
    let row: number;

    beforeAll(async () => {
      year = await newYear();
      filled = await fillWorkbook(
        await downloadTemplate(admin, cluster, year),
        (unitCode, code) => (unitCode === 'RT-1' && code === '1.1' ? { actual: '1.250' } : undefined),
        (sheet) => {
          row = rowOf(sheet, 'RT-1', '1.1');
        },
      );
    });

    const unchanged = async (send: () => Promise<{ status: number; body: any }>): Promise<Body> => {
      const before = await view(year);
      const audits = await auditTotal(admin);
      const response = await send();
      expect(await view(year)).toEqual(before);
      expect(await auditTotal(admin)).toBe(audits);
      return response;
    };

    it('a plain POST is a dry run: every changed cell, old → new, and a token', async () => {
      const response = await unchanged(() => upload(admin, `${Y(year)}/import`, filled));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        dryRun: true,
        applied: false,
        previewToken: expect.stringMatching(/^xt1\./),
      });
      // "1.250" typed as text is one thousand two hundred and fifty.
      expect((response.body.units as Body[])[0].changes).toEqual([
        expect.objectContaining({
          cell: `I${row}`,
          criterionCode: '1.1',
          column: 'Kết quả thực hiện',
          old: 100,
          new: 1250,
        }),
      ]);
    });

    it('applying without a token, with a token of another file, or a bad token is refused', async () => {
      const noToken = await unchanged(() => upload(admin, `${Y(year)}/import?dryRun=false`, filled));
      expect(noToken).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED', message: expect.stringContaining('Chưa xem trước') },
      });
      const preview = await upload(admin, `${Y(year)}/import`, filled);
      const otherFile = await fillWorkbook(filled, (unitCode, code) =>
        unitCode === 'RT-2' && code === '1.1' ? { actual: 90 } : undefined,
      );
      const other = await unchanged(() => apply(year, otherFile, preview.body.previewToken));
      expect(other).toMatchObject({
        status: 409,
        body: { code: 'PREVIEW_OUTDATED', message: expect.stringContaining('không phải tệp đã xem trước') },
      });
      const bad = await unchanged(() => apply(year, filled, 'xt1.khong-hop-le'));
      expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    });

    it('a unit of the file changed after the preview: 409, preview again', async () => {
      const preview = await upload(admin, `${Y(year)}/import`, filled);
      await put(year, 2, [
        { criterionCode: '1.1', actual: 95 },
        { criterionCode: '1.2', selfScore: 14 },
      ]);
      const stale = await unchanged(() => apply(year, filled, preview.body.previewToken));
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'PREVIEW_OUTDATED' });
      expect(stale.body.message).toContain('Dữ liệu đã thay đổi sau khi xem trước, hãy xem trước lại');
      expect(stale.body.message).toContain(`Phường thử khứ hồi 3 (mã RT-3, ${username} sửa lúc`);

      const again = await upload(admin, `${Y(year)}/import`, filled);
      const applied = await apply(year, filled, again.body.previewToken);
      expect(applied).toMatchObject({ status: 200, body: { applied: true, totals: { cellsChanged: 1 } } });
    });

    it('the workbook keeps what it was made from on its hidden sheet, by unit code', async () => {
      const workbook = await loadWorkbook(await downloadTemplate(admin, cluster, year));
      const marker = workbook.getWorksheet('ThiDua') as ExcelJS.Worksheet;
      expect(marker.state).toBe('hidden');
      expect([2, 3, 4].map((r) => [marker.getCell(r, 4).value, typeof marker.getCell(r, 5).value])).toEqual([
        ['RT-1', 'number'],
        ['RT-2', 'number'],
        ['RT-3', 'number'],
      ]);
    });
  });
});
