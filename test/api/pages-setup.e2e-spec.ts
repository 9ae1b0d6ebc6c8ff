/**
 * The cluster-year's setup pages over HTTP: "Thiết lập năm", "Chốt số liệu / mở lại" and "Lịch sử
 * thay đổi" — who may open them (a secretary only for their own cluster; the history for admins and
 * leaders), and what they show on the demo data, before and after a finalize and a reopen.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../test-app.js';

interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

describe('pages: setup, finalize, history', () => {
  let app: NestFastifyApplication;
  const sessions: Record<string, Session> = {};

  const signIn = async (username: string, password: string): Promise<Session> => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/session', payload: { username, password } });
    expect(response.statusCode).toBe(200);
    return {
      cookie: String(response.headers['set-cookie']).split(';')[0] ?? '',
      csrf: response.json<{ csrfToken: string }>().csrfToken,
    };
  };

  beforeAll(async () => {
    app = await createTestApp({ demoSeed: 'auto' });
    sessions.admin = await signIn('admin', 'thidua-admin');
    sessions.secretary = await signIn('thuky.cum5', 'thidua-thuky');
    sessions.leader = await signIn('lanhdao', 'thidua-lanhdao');
    sessions.reporter = await signIn('baocao', 'thidua-baocao');
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  const get = (who: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { cookie: sessions[who].cookie } });
  const post = (who: string, url: string, payload: object) =>
    app.inject({
      method: 'POST',
      url,
      payload,
      headers: { cookie: sessions[who].cookie, 'x-csrf-token': sessions[who].csrf },
    });

  it('who may open which page: writers of the cluster for setup and finalize; admins and leaders for the history', async () => {
    const cases: Array<[string, string, number]> = [
      ['admin', '/cum/1/nam/2021/thiet-lap', 200],
      ['secretary', '/cum/1/nam/2021/thiet-lap', 200],
      ['secretary', '/cum/2/nam/2021/thiet-lap', 403],
      ['leader', '/cum/1/nam/2021/thiet-lap', 403],
      ['reporter', '/cum/1/nam/2021/thiet-lap', 403],
      ['admin', '/cum/1/nam/2021/chot-so-lieu', 200],
      ['secretary', '/cum/1/nam/2021/chot-so-lieu', 200],
      ['secretary', '/cum/2/nam/2021/chot-so-lieu', 403],
      ['leader', '/cum/1/nam/2021/chot-so-lieu', 403],
      ['admin', '/cum/1/nam/2021/lich-su', 200],
      ['leader', '/cum/1/nam/2021/lich-su', 200],
      ['secretary', '/cum/1/nam/2021/lich-su', 403],
      ['reporter', '/cum/1/nam/2021/lich-su', 403],
    ];
    for (const [who, url, status] of cases) {
      const response = await get(who, url);
      expect([who, url, response.statusCode]).toEqual([who, url, status]);
      if (status === 403) expect(response.body).toContain('Không có quyền xem trang này');
    }
    const anonymous = await app.inject({ method: 'GET', url: '/cum/1/nam/2021/thiet-lap' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/dang-nhap?tiep=%2Fcum%2F1%2Fnam%2F2021%2Fthiet-lap');
  });

  it('"Thiết lập năm" shows the members with codes, head and deputy this year and next, the rule set, the tree and the targets grid', async () => {
    const page = await get('secretary', '/cum/1/nam/2021/thiet-lap');
    const html = page.body;
    expect(html).toContain('<h1>Thiết lập năm 2021 — Cụm thi đua số 5');
    expect(html).toContain('<caption>Đơn vị thành viên năm 2021, theo thứ tự</caption>');
    expect(html).toMatch(
      /<td>Q1<\/td>\s*<th scope="row">Ban Tuyên giáo Quận 1 \(minh họa\)<\/th>\s*<td>cụm trưởng<\/td>/,
    );
    // The selects of members, with this year's and next year's head and deputy chosen.
    expect(html).toMatch(/<label for="nextHeadUnitId">Cụm trưởng năm 2022 \(đã bầu\)<\/label>/);
    expect(html).toMatch(
      /<select id="nextHeadUnitId"[\s\S]*?<option value="4" selected>Ban Tuyên giáo Quận 5 \(minh họa\)/,
    );
    expect(html).toMatch(
      /<select id="deputyUnitId"[\s\S]*?<option value="2" selected>Ban Tuyên giáo Quận 3 \(minh họa\)/,
    );
    expect(html).toContain(
      'name="ruleSet.thresholds.excellent" type="text" inputmode="decimal" class="short" value="90"',
    );
    expect(html).toContain('<li>Điểm nhóm tiêu chí II</li>');
    expect(html).toContain('Đang dùng 100 điểm');
    expect(html).toContain('name="ruleSet.maxTotal" type="text" inputmode="decimal" class="short" value="100"');
    // The scoring table as a tree: groups and leaves, a leaf three levels down indented.
    expect(html).toContain('<caption>Bảng chấm điểm năm 2021: nhóm tiêu chí và tiêu chí</caption>');
    expect(html).toMatch(
      /<th scope="row" class="depth-2"><label class="sr-only" for="(crit-\d+)-title">Tên tiêu chí 2\.2\.1<\/label><input id="\1-title" class="title" data-field="title" value="Tổ chức hội nghị báo cáo viên định kỳ"/,
    );
    expect(html).toMatch(/<td>1\.6<\/td>[\s\S]*?tỷ lệ theo kết quả; tối đa \(≤\)/);
    // 12 units × 10 target leaves, each cell with its label; the default target as placeholder.
    expect(html.match(/class="cell"/g)?.length).toBe(120);
    expect(html.match(/<label class="sr-only" for="target-/g)?.length).toBe(120);
    expect(html).toContain('Chỉ tiêu 1.1 của Ban Tuyên giáo Quận 1 (minh họa)');
    expect(html).toContain('placeholder="95"');
    expect(html).toContain('<script type="application/json" id="setup-data">');
    expect(html).toContain('<script src="/assets/app/setup.js" defer></script>');
  });

  it('members and criteria that have results cannot be removed, and the page says so beside each one', async () => {
    const html = (await get('secretary', '/cum/1/nam/2021/thiet-lap')).body;
    // Every member of 2021 has results: no enabled removal, the reason beside each.
    expect(html.match(/data-remove-member disabled/g)?.length).toBe(12);
    expect(html).not.toMatch(/data-remove-member aria-label/);
    expect(html.match(/Đã có kết quả: không bỏ khỏi cụm được/g)?.length).toBe(12);
    expect(html).toMatch(
      /data-remove-member disabled aria-label="Bỏ Ban Tuyên giáo Quận 1 \(minh họa\) khỏi cụm" aria-describedby="(member-\d+-locked)">Bỏ khỏi cụm<\/button><p class="hint" id="\1">/,
    );
    expect(html).toMatch(/data-remove-criterion disabled aria-label="Xóa tiêu chí 1\.1"/);
    expect(html).toContain('Có tiêu chí đã có kết quả: không xóa được.');
  });

  it('a year not set up yet offers to copy the year before (the API has copy-from)', async () => {
    const page = await get('secretary', '/cum/1/nam/2023/thiet-lap');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Năm 2023 của cụm chưa được thiết lập.');
    expect(page.body).toContain('data-url="/api/clusters/1/years/2023/copy-from/2022"');
    expect(page.body).toContain('Sao chép từ năm 2022');
    const first = await get('admin', '/cum/1/nam/2020/thiet-lap');
    expect(first.body).toContain('chưa có năm nào trước năm 2020');
  });

  it('finalize, then reopen: the page follows the status; the snapshot and what changed since', async () => {
    const open = await get('secretary', '/cum/1/nam/2022/chot-so-lieu');
    expect(open.body).toContain('Đang mở: còn sửa được');
    expect(open.body).toContain('id="finalize-form"');
    expect(open.body).toContain('Năm 2022 chưa từng được chốt số liệu.');

    const reason = 'Hội nghị tổng kết ngày 02/12/2022 đã thông qua';
    expect((await post('secretary', '/api/clusters/1/years/2022/finalize', { reason })).statusCode).toBe(200);
    const finalized = await get('secretary', '/cum/1/nam/2022/chot-so-lieu');
    expect(finalized.body).toContain('Đã chốt số liệu');
    expect(finalized.body).not.toContain('id="finalize-form"');
    expect(finalized.body).not.toContain('id="reopen-form"');
    expect(finalized.body).toContain('Chỉ quản trị mở lại được');
    expect(finalized.body).toMatch(/<caption>Bảng xếp hạng như đã chốt \(\d+ đơn vị\)<\/caption>/);
    expect(finalized.body).toContain('Không có gì khác: hạng, tổng điểm và xếp loại của mọi đơn vị vẫn như đã chốt.');
    expect(finalized.body).toContain('người chốt <strong>thuky.cum5</strong>');
    // The setup page is read-only now.
    expect((await get('secretary', '/cum/1/nam/2022/thiet-lap')).body).toMatch(/<fieldset disabled>/);
    const asAdmin = await get('admin', '/cum/1/nam/2022/chot-so-lieu');
    expect(asAdmin.body).toContain('id="reopen-form"');

    expect(
      (await post('admin', '/api/clusters/1/years/2022/reopen', { reason: 'Hội đồng cho sửa điểm Quận 5' })).statusCode,
    ).toBe(204);
    const reopened = await get('secretary', '/cum/1/nam/2022/chot-so-lieu');
    expect(reopened.body).toContain('Đang mở: còn sửa được');
    expect(reopened.body).toContain('id="finalize-form"');
    // The last snapshot is kept to compare with.
    expect(reopened.body).toContain('Bảng xếp hạng như đã chốt');

    // The history shows both, each with its reason, newest first; filtered by action.
    const history = await get('leader', '/cum/1/nam/2022/lich-su');
    const rows = history.body.match(/<tr data-action="[a-z-]+">/g) ?? [];
    expect(rows.slice(0, 2)).toEqual(['<tr data-action="reopen">', '<tr data-action="finalize">']);
    expect(history.body).toContain('Hội đồng cho sửa điểm Quận 5');
    expect(history.body).toContain(reason);
    expect(history.body).toMatch(/<span class="field-name">Trạng thái<\/span>: đã chốt → đang mở/);
    const onlyFinalize = await get('leader', '/cum/1/nam/2022/lich-su?thao-tac=finalize');
    expect(onlyFinalize.body.match(/<tr data-action="[a-z-]+">/g)).toEqual(['<tr data-action="finalize">']);
    expect(onlyFinalize.body).toContain('<option value="finalize" selected>Chốt số liệu</option>');
    expect(onlyFinalize.body).toContain('1 thay đổi khớp bộ lọc');
  });

  it('the history: Vietnam time, units by name, filters by unit and user, unknown filters ignored', async () => {
    const page = await get('admin', '/cum/1/nam/2021/lich-su');
    expect(page.body).toContain('<caption>Lịch sử thay đổi năm 2021, mới nhất trước</caption>');
    expect(page.body).toMatch(/<th scope="row" class="nowrap">\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}<\/th>/);
    expect(page.body).toMatch(/<td>Ban Tuyên giáo Quận 1 \(minh họa\)<\/td>/);
    expect(page.body).toContain('<span class="field-name">Tiêu chí 1.1</span>');
    const unit = await get('admin', '/cum/1/nam/2021/lich-su?don-vi=1');
    const unitRows = unit.body.match(/<tr data-action/g) ?? [];
    expect(unitRows.length).toBeGreaterThan(0);
    expect(unit.body.match(/<td>Ban Tuyên giáo Quận [^<]*<\/td>/g)).toEqual(
      unitRows.map(() => '<td>Ban Tuyên giáo Quận 1 (minh họa)</td>'),
    );
    // Nobody signed in changed the demo year yet: the users' filter lists nobody but "Tất cả".
    expect(page.body).toMatch(/<select id="nguoi" name="nguoi">\s*<option value="">Tất cả<\/option>\s*<\/select>/);
    const none = await get('admin', '/cum/1/nam/2021/lich-su?thao-tac=reopen');
    expect(none.body).toContain('Không có thay đổi nào khớp bộ lọc.');
    // Unknown filter values are ignored, not an error.
    expect((await get('admin', '/cum/1/nam/2021/lich-su?thao-tac=xoa&tu-ngay=2021-02-30&trang=abc')).statusCode).toBe(
      200,
    );
  });
});
