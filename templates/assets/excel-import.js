// Thi đua — "Nhập từ Excel": send the filled entry workbook to the import API for a preview, show
// every problem or every change (old → new), keptNewer and conflicts, then apply exactly that preview.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  const configEl = document.getElementById('import-config');
  if (!configEl) return;
  const config = JSON.parse(configEl.textContent);
  const { csrf, showErrors } = window.ThiDua;
  const X = window.ThiDuaExcel;

  const form = document.getElementById('import-form');
  const fileInput = document.getElementById('import-file');
  const progress = document.querySelector('[data-progress]');
  const progressLabel = document.querySelector('[data-progress-label]');
  const problems = document.getElementById('problems');
  const preview = document.getElementById('preview');
  const overwriteForm = document.getElementById('overwrite-form');
  const result = document.getElementById('result');
  const applyButton = preview.querySelector('[data-action="apply"]');
  const applyHint = preview.querySelector('[data-apply-hint]');

  const number = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 4 });

  /** What was previewed: the file and the overwrite choice; applying sends exactly these again. */
  let state = { file: null, overwrite: '', reason: '', token: null };

  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === 'class') node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  };
  const show = (value) =>
    value === null || value === undefined || value === '' ? '(trống)' : typeof value === 'number' ? number.format(value) : String(value);

  function busy(on, label) {
    progress.hidden = !on;
    progressLabel.textContent = label || '';
    for (const button of document.querySelectorAll('[data-busy-disable]')) button.disabled = on;
    fileInput.disabled = on;
    document.body.toggleAttribute('aria-busy', on);
  }

  function clearAlerts() {
    for (const f of [form, overwriteForm]) {
      for (const node of f.querySelectorAll('[data-error], [data-error-for]')) {
        node.hidden = true;
        node.textContent = '';
      }
    }
    fileInput.removeAttribute('aria-invalid');
  }

  function send(url) {
    const body = new FormData();
    body.append('file', state.file, state.file.name);
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': csrf() }, body });
  }

  function importUrl(dryRun) {
    const query = new URLSearchParams({ dryRun: String(dryRun) });
    if (!dryRun) query.set('previewToken', state.token);
    if (state.overwrite) {
      query.set('overwrite', state.overwrite);
      query.set('reason', state.reason);
    }
    return `${config.api}/import?${query}`;
  }

  /** A refused request: the message in the form's alert, field errors next to their field. */
  function refuse(targetForm, response, data, fallback) {
    const message = X.refusalMessage(response, data, fallback);
    showErrors(targetForm, { ...(data || {}), message }, fallback);
    targetForm.querySelector('[data-error]').focus?.();
  }

  // ---- preview ---------------------------------------------------------------------------------

  async function runPreview(targetForm) {
    clearAlerts();
    problems.hidden = true;
    result.hidden = true;
    busy(true, 'Đang gửi và đọc tệp…');
    let response;
    let data;
    try {
      response = await send(importUrl(true));
      data = await X.errorBody(response);
    } catch {
      busy(false);
      showErrors(targetForm, null, 'Không gửi được tệp: mất kết nối tới máy chủ. Hãy kiểm tra mạng rồi thử lại.');
      return;
    }
    busy(false);
    if (response.ok && data) {
      state.token = data.previewToken;
      renderPreview(data);
      return;
    }
    preview.hidden = targetForm !== overwriteForm;
    if (response.status === 400 && data && Array.isArray(data.problems) && data.problems.length > 0) {
      preview.hidden = true;
      renderProblems(data);
      return;
    }
    refuse(targetForm, response, data, 'Không đọc được tệp; hãy thử lại.');
  }

  function renderProblems(data) {
    const tbody = problems.querySelector('[data-problems]');
    tbody.replaceChildren(
      ...data.problems.map((p) =>
        el(
          'tr',
          {},
          el('td', {}, p.sheet),
          el('th', { scope: 'row' }, p.cell),
          el('td', {}, p.unitName ? `${p.unitName} (${p.unitCode})` : p.unitCode || '—'),
          el('td', {}, p.criterionCode ? `${p.criterionCode}${p.criterionTitle ? ` – ${p.criterionTitle}` : ''}` : '—'),
          el('td', {}, p.detail || p.message),
        ),
      ),
    );
    problems.querySelector('[data-problems-caption]').textContent = `Các lỗi trong tệp “${state.file.name}” (${data.problems.length})`;
    problems.querySelector('[data-problems-message]').textContent = data.message;
    problems.hidden = false;
    problems.querySelector('h2').setAttribute('tabindex', '-1');
    problems.querySelector('h2').focus();
  }

  const TOTALS = [
    ['units', 'Đơn vị trong tệp'],
    ['unitsChanged', 'Đơn vị có thay đổi'],
    ['cellsChanged', 'Ô sẽ được ghi'],
    ['added', 'Tiêu chí thêm kết quả'],
    ['changed', 'Tiêu chí sửa kết quả'],
    ['cleared', 'Tiêu chí xóa kết quả'],
    ['unchanged', 'Tiêu chí giữ nguyên'],
    ['unitsInConflict', 'Đơn vị có xung đột'],
  ];

  function changeTable(unit) {
    const rows = [];
    for (const c of unit.changes) {
      rows.push(
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, c.cell),
          el('td', {}, `${c.criterionCode} – ${c.criterionTitle}`),
          el('td', {}, c.column),
          el('td', {}, el('span', { class: 'old' }, show(c.old)), ' → ', el('strong', { class: 'new' }, show(c.new))),
          el('td', {}, unit.overwritten && unit.conflicts.some((k) => k.cell === c.cell) ? 'Ghi đè' : 'Sẽ ghi'),
        ),
      );
    }
    for (const k of unit.keptNewer) {
      rows.push(
        el(
          'tr',
          { class: 'kept' },
          el('th', { scope: 'row' }, k.cell),
          el('td', {}, `${k.criterionCode} – ${k.criterionTitle}`),
          el('td', {}, k.column),
          el('td', {}, `lúc tải ${show(k.base)}; hiện nay ${show(k.current)}`),
          el('td', {}, 'Giữ giá trị mới hơn (tệp vẫn như lúc tải)'),
        ),
      );
    }
    for (const k of unit.conflicts) {
      if (unit.overwritten) continue;
      rows.push(
        el(
          'tr',
          { class: 'conflict' },
          el('th', { scope: 'row' }, k.cell),
          el('td', {}, `${k.criterionCode} – ${k.criterionTitle}`),
          el('td', {}, k.column),
          el('td', {}, `lúc tải ${show(k.base)} → hiện nay ${show(k.current)} → trong tệp ${show(k.file)}`),
          el('td', {}, 'Xung đột: chưa ghi'),
        ),
      );
    }
    const head = el(
      'tr',
      {},
      ...['Ô', 'Tiêu chí', 'Cột', 'Cũ → mới', 'Xử lý'].map((label) => el('th', { scope: 'col' }, label)),
    );
    const parts = [`${unit.changes.length} ô sẽ ghi`];
    if (unit.keptNewer.length) parts.push(`${unit.keptNewer.length} ô giữ giá trị mới hơn`);
    if (unit.conflicts.length && !unit.overwritten) parts.push(`${unit.conflicts.length} ô xung đột`);
    const section = el('section', { class: 'unit-changes', 'data-unit': unit.unitCode });
    // The API's sentence already says who changed the unit last and when (Vietnam time).
    if (unit.conflictMessage) section.append(el('p', { class: unit.overwritten ? 'hint' : 'error' }, unit.conflictMessage));
    section.append(
      el(
        'div',
        { class: 'table-wrap' },
        el(
          'table',
          {},
          el('caption', {}, `${unit.name} (mã ${unit.unitCode}): ${parts.join(', ')}`),
          el('thead', {}, head),
          el('tbody', {}, ...rows),
        ),
      ),
    );
    return section;
  }

  function renderPreview(data) {
    preview.querySelector('[data-preview-message]').textContent = data.message;
    preview
      .querySelector('[data-totals]')
      .replaceChildren(
        ...TOTALS.map(([key, label]) => el('div', {}, el('dt', {}, label), el('dd', {}, number.format(data.totals[key])))),
      );
    const touched = data.units.filter((u) => u.changes.length || u.keptNewer.length || u.conflicts.length);
    const quiet = data.units.filter((u) => !touched.includes(u));
    const units = preview.querySelector('[data-units]');
    units.replaceChildren(...touched.map(changeTable));
    if (quiet.length) {
      units.append(
        el('p', { class: 'muted' }, `${quiet.length} đơn vị không thay đổi: ${quiet.map((u) => u.name).join('; ')}.`),
      );
    }
    // Conflicts: the user may choose to overwrite them, with a reason.
    const conflicted = data.units.filter((u) => u.conflicts.length > 0);
    overwriteForm.hidden = conflicted.length === 0;
    const chosen = new Set(state.overwrite === 'all' ? conflicted.map((u) => u.unitCode) : state.overwrite.split(','));
    overwriteForm.querySelector('[data-overwrite-units]').replaceChildren(
      ...conflicted.map((u, i) => {
        const id = `overwrite-${i}`;
        const box = el('input', { type: 'checkbox', id, name: 'overwrite', value: u.unitCode });
        box.checked = chosen.has(u.unitCode);
        return el('div', { class: 'check' }, box, el('label', { for: id }, `${u.name} (mã ${u.unitCode})`));
      }),
    );
    overwriteForm.reason.value = state.reason;

    const nothing = data.totals.cellsChanged === 0;
    applyButton.disabled = !data.canApply || nothing;
    applyButton.dataset.blocked = String(!data.canApply || nothing);
    applyHint.textContent = !data.canApply
      ? 'Chưa áp dụng được: còn ô xung đột. Tải mẫu mới và nhập lại, hoặc chọn ghi đè ở trên và ghi lý do.'
      : nothing
        ? 'Tệp không thay đổi gì so với dữ liệu hiện có; không cần áp dụng.'
        : `Bấm “Áp dụng” để ghi đúng ${number.format(data.totals.cellsChanged)} ô như trên, trong một lần.`;
    preview.hidden = false;
    preview.querySelector('h2').setAttribute('tabindex', '-1');
    preview.querySelector('h2').focus();
  }

  // ---- apply -----------------------------------------------------------------------------------

  async function apply() {
    clearAlerts();
    busy(true, 'Đang ghi kết quả…');
    let response;
    let data;
    try {
      response = await send(importUrl(false));
      data = await X.errorBody(response);
    } catch {
      busy(false);
      applyHint.textContent = 'Không gửi được: mất kết nối tới máy chủ. Chưa có gì được ghi; hãy thử lại.';
      return;
    }
    busy(false);
    if (response.ok && data && data.applied) {
      preview.hidden = true;
      result.querySelector('[data-result-message]').textContent = data.message;
      result.hidden = false;
      result.focus();
      form.reset();
      state = { file: null, overwrite: '', reason: '', token: null };
      return;
    }
    restoreApply();
    const message = X.refusalMessage(response, data, 'Không ghi được kết quả; hãy xem trước lại.');
    applyHint.textContent = '';
    const alert = overwriteForm.hidden ? form.querySelector('[data-error]') : overwriteForm.querySelector('[data-error]');
    if (!overwriteForm.hidden) showErrors(overwriteForm, { ...(data || {}), message }, message);
    alert.textContent = message;
    alert.hidden = false;
    if (data && data.code === 'PREVIEW_OUTDATED') {
      applyButton.disabled = true;
      applyHint.textContent = 'Hãy bấm “Xem trước” lại với tệp này.';
    }
  }

  function restoreApply() {
    applyButton.disabled = applyButton.dataset.blocked === 'true';
  }

  // ---- events ----------------------------------------------------------------------------------

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = fileInput.files && fileInput.files[0];
    if (!file) {
      showErrors(form, { errors: { file: ['Chọn tệp .xlsx đã điền.'] } }, 'Chưa chọn tệp.');
      fileInput.focus();
      return;
    }
    state = { file, overwrite: '', reason: '', token: null };
    void runPreview(form).then(restoreApplyAfterBusy);
  });

  overwriteForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const codes = [...overwriteForm.querySelectorAll('input[name="overwrite"]:checked')].map((box) => box.value);
    if (codes.length === 0) {
      showErrors(overwriteForm, null, 'Chọn ít nhất một đơn vị để ghi đè.');
      return;
    }
    state = { ...state, overwrite: codes.join(','), reason: overwriteForm.reason.value.trim() };
    void runPreview(overwriteForm).then(restoreApplyAfterBusy);
  });

  // busy() enables every button again; the apply button stays as the preview decided.
  function restoreApplyAfterBusy() {
    restoreApply();
  }

  applyButton.addEventListener('click', () => void apply());

  problems.querySelector('[data-action="errors-workbook"]').addEventListener('click', async () => {
    busy(true, 'Đang tạo tệp đánh dấu lỗi…');
    try {
      const response = await send(`${config.api}/import/errors.xlsx`);
      if (!response.ok) {
        const data = await X.errorBody(response);
        busy(false);
        problems.querySelector('[data-problems-message]').textContent = X.refusalMessage(
          response,
          data,
          'Không tạo được tệp đánh dấu lỗi; hãy thử lại.',
        );
        return;
      }
      const blob = await X.readBody(response, (received) => {
        progressLabel.textContent = `Đang tải tệp đánh dấu lỗi… ${X.formatBytes(received)}`;
      });
      busy(false);
      X.saveBlob(blob, X.fileNameOf(response, 'danh-sach-loi.xlsx'));
    } catch {
      busy(false);
      problems.querySelector('[data-problems-message]').textContent =
        'Không tải được tệp đánh dấu lỗi: mất kết nối tới máy chủ. Hãy thử lại.';
    }
  });
});
