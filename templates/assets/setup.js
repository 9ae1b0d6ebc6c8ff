// Thi đua — the cluster-year's setup pages: save the year (one PUT of the whole year, with its
// version), copy a year from the previous one, finalize and reopen. Every write goes through the
// JSON API (window.ThiDua.api: session cookie and CSRF token).
'use strict';

(function () {
  const { api, showErrors } = window.ThiDua;
  const failed = () => ({ ok: false, status: 0, data: null });

  /** vi-VN numbers: "95,5" → 95.5; "1.234,5" → 1234.5; "1.234" → 1234; "" → null; not a number → NaN. */
  function parseNumber(text) {
    const value = text.trim().replace(/\s/g, '');
    if (value === '') return null;
    let plain = value;
    if (value.includes(',')) plain = value.replace(/\./g, '').replace(',', '.');
    else if (/^\d{1,3}(\.\d{3})+$/.test(value)) plain = value.replace(/\./g, '');
    return /^\d+(\.\d+)?$/.test(plain) ? Number(plain) : Number.NaN;
  }

  const idOrNull = (select) => (select.value === '' ? null : Number(select.value));

  function clearCellErrors(form) {
    for (const cell of form.querySelectorAll('input.cell[aria-invalid]')) cell.removeAttribute('aria-invalid');
    const list = form.querySelector('[data-cell-errors]');
    list.replaceChildren();
    list.hidden = true;
  }

  function addCellError(form, cell, message) {
    cell.setAttribute('aria-invalid', 'true');
    const list = form.querySelector('[data-cell-errors]');
    const item = document.createElement('li');
    item.textContent = `${cell.labels[0]?.textContent ?? ''}: ${message}`;
    list.append(item);
    list.hidden = false;
  }

  function onSetup(form) {
    let data = JSON.parse(document.getElementById('setup-data').textContent);
    const ok = form.querySelector('[data-ok]');
    const conflict = form.querySelector('[data-conflict]');
    form.querySelector('[data-action="reload"]').addEventListener('click', () => window.location.reload());

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      ok.hidden = true;
      conflict.hidden = true;
      showErrors(form, null, '');
      form.querySelector('[data-error]').hidden = true;
      clearCellErrors(form);

      // The targets grid: cell → its path in the body, to show the API's errors beside the cell.
      const cellsByPath = new Map();
      let invalid = false;
      const scoringTable = data.scoringTable.map((criterion, i) => {
        const { targets: _targets, ...rest } = criterion;
        if (criterion.kind !== 'target') return rest;
        const targets = [];
        for (const cell of form.querySelectorAll(`input.cell[data-code="${CSS.escape(criterion.code)}"]`)) {
          const value = parseNumber(cell.value);
          if (Number.isNaN(value)) {
            addCellError(form, cell, 'không phải là số (ví dụ 95 hoặc 95,5)');
            invalid = true;
            continue;
          }
          if (value === null) continue;
          cellsByPath.set(`scoringTable[${i}].targets[${targets.length}]`, cell);
          targets.push({ unitId: Number(cell.dataset.unit), value });
        }
        return { ...rest, targets };
      });
      const thresholds = {};
      const thresholdErrors = {};
      for (const key of ['excellent', 'good', 'completed']) {
        const value = parseNumber(form.elements[`ruleSet.thresholds.${key}`].value);
        if (value === null || Number.isNaN(value))
          thresholdErrors[`ruleSet.thresholds.${key}`] = ['hãy nhập một số từ 0 đến 100'];
        thresholds[key] = value;
      }
      if (invalid || Object.keys(thresholdErrors).length > 0) {
        showErrors(form, { message: 'Có ô nhập chưa đúng: xem ghi chú đỏ bên cạnh.', errors: thresholdErrors }, '');
        return;
      }

      const body = {
        version: data.version,
        members: data.members,
        movements: data.movements,
        headUnitId: idOrNull(form.elements.headUnitId),
        deputyUnitId: idOrNull(form.elements.deputyUnitId),
        nextHeadUnitId: idOrNull(form.elements.nextHeadUnitId),
        nextDeputyUnitId: idOrNull(form.elements.nextDeputyUnitId),
        covenantDate: form.elements.covenantDate.value || null,
        conferenceDate: form.elements.conferenceDate.value || null,
        ruleSet: {
          thresholds,
          vetoCap: form.elements['ruleSet.vetoCap'].value,
          tieBreakers: data.ruleSet.tieBreakers,
          displayDecimals: Number(form.elements['ruleSet.displayDecimals'].value),
          maxTotal: data.ruleSet.maxTotal,
        },
        scoringTable,
      };
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      const result = await api('PUT', form.dataset.url, body).catch(failed);
      button.disabled = false;
      if (result.ok) {
        data = result.data;
        const time = new Date().toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
        ok.textContent = `Đã lưu thiết lập năm lúc ${time}.`;
        ok.hidden = false;
        return;
      }
      const code = result.data && result.data.code;
      if (code === 'VERSION_CONFLICT') {
        const current = result.data.current;
        conflict.querySelector('p').textContent =
          'Trong lúc bạn sửa, người khác đã lưu thay đổi cho năm này' +
          (current && current.updatedAt ? ` (lúc ${new Date(current.updatedAt).toLocaleString('vi-VN')})` : '') +
          '. Những gì bạn vừa nhập chưa được lưu: tải lại trang để xem bản mới nhất rồi sửa tiếp.';
        conflict.hidden = false;
        conflict.querySelector('button').focus();
        return;
      }
      const errors = (result.data && result.data.errors) || {};
      const fieldErrors = {};
      for (const [path, messages] of Object.entries(errors)) {
        const cellPath = path.replace(/\.(value|unitId)$/, '');
        const cell = cellsByPath.get(cellPath);
        if (cell) addCellError(form, cell, messages.join('; '));
        else fieldErrors[path] = messages;
      }
      showErrors(
        form,
        { message: result.data && result.data.message, errors: fieldErrors },
        'Không lưu được; hãy thử lại.',
      );
    });
  }

  /** A form that POSTs its reason (and the year's version) and reloads the page when done. */
  function onReasonForm(form, withVersion) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const reason = form.elements.reason.value.trim();
      if (reason === '') {
        showErrors(form, { message: 'Hãy ghi lý do.', errors: { reason: ['không được để trống'] } }, '');
        form.elements.reason.focus();
        return;
      }
      const body = withVersion ? { reason, version: Number(form.dataset.version) } : { reason };
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      const result = await api('POST', form.dataset.url, body).catch(failed);
      button.disabled = false;
      if (result.ok) {
        window.location.reload();
        return;
      }
      showErrors(form, result.data, 'Không thực hiện được; hãy thử lại.');
    });
  }

  function onCopy(form) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      const result = await api('POST', form.dataset.url).catch(failed);
      button.disabled = false;
      if (result.ok) {
        window.location.reload();
        return;
      }
      showErrors(form, result.data, 'Không sao chép được; hãy thử lại.');
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    const setup = document.getElementById('setup-form');
    if (setup) onSetup(setup);
    const finalize = document.getElementById('finalize-form');
    if (finalize) onReasonForm(finalize, true);
    const reopen = document.getElementById('reopen-form');
    if (reopen) onReasonForm(reopen, false);
    const copy = document.getElementById('copy-form');
    if (copy) onCopy(copy);
  });
})();
