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

  let serial = 0;
  /** Gives every labelled control of a cloned row its own id, and its label the matching `for`. */
  function wireLabels(row, suffix) {
    for (const label of row.querySelectorAll('label[data-label]')) {
      const control = label.nextElementSibling;
      serial += 1;
      control.id = `new-${serial}`;
      label.htmlFor = control.id;
      if (suffix) label.textContent = `${label.textContent} ${suffix}`;
    }
  }

  const rowError = (row) => row.querySelector('.row-error');
  function clearRowErrors(form) {
    for (const p of form.querySelectorAll('.row-error')) {
      p.hidden = true;
      p.textContent = '';
    }
  }
  function addRowError(row, message, field) {
    const p = rowError(row);
    p.textContent = p.textContent ? `${p.textContent}; ${message}` : message;
    p.hidden = false;
    const input = field && row.querySelector(`[data-field="${field}"]`);
    if (input) input.setAttribute('aria-invalid', 'true');
  }

  /** Members: order, add, remove; the selects that list members follow. */
  function memberRows(form) {
    return [...form.querySelectorAll('#members tbody tr[data-unit]')];
  }

  function refreshMembers(form) {
    const rows = memberRows(form);
    rows.forEach((row, i) => {
      row.querySelector('[data-position]').textContent = String(i + 1);
      row.querySelector('[data-move="up"]').disabled = i === 0;
      row.querySelector('[data-move="down"]').disabled = i === rows.length - 1;
    });
    form.querySelector('[data-member-count]').textContent = String(rows.length);
    const members = rows.map((row) => ({ id: row.dataset.unit, name: row.dataset.name }));
    const selects = [
      ...['headUnitId', 'deputyUnitId', 'nextHeadUnitId', 'nextDeputyUnitId'].map((name) => form.elements[name]),
      ...form.querySelectorAll('#movements select[data-field="unitId"]'),
    ];
    for (const select of selects) {
      const value = select.value;
      const blank = select.querySelector('option[value=""]');
      select.replaceChildren(...(blank ? [blank] : []));
      for (const m of members) select.append(new Option(m.name, m.id, false, m.id === value));
      if (!members.some((m) => m.id === value) && blank) select.value = '';
    }
  }

  function onMembers(form, year) {
    const table = form.querySelector('#members');
    const picker = form.querySelector('#add-member');
    table.addEventListener('click', (event) => {
      const button = event.target.closest('button');
      if (!button) return;
      const row = button.closest('tr');
      if (button.dataset.move === 'up' && row.previousElementSibling) {
        row.previousElementSibling.before(row);
      } else if (button.dataset.move === 'down' && row.nextElementSibling) {
        row.nextElementSibling.after(row);
      } else if (button.hasAttribute('data-remove-member')) {
        if (!window.confirm(`Bỏ ${row.dataset.name} khỏi cụm năm ${year}? Việc bỏ chỉ có hiệu lực khi bấm Lưu.`))
          return;
        const option = new Option(row.dataset.name, row.dataset.unit);
        option.dataset.name = row.dataset.name;
        option.dataset.code = row.dataset.code || '';
        picker.append(option);
        const next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        refreshMembers(form);
        (next ? next.querySelector('button') : picker).focus();
        return;
      } else {
        return;
      }
      refreshMembers(form);
      if (!button.disabled) button.focus();
      else row.querySelector('button:not([disabled])').focus();
    });
    form.querySelector('[data-action="add-member"]').addEventListener('click', () => {
      const option = picker.selectedOptions[0];
      if (!option || option.value === '') {
        showErrors(form, { errors: { members: ['Hãy chọn một đơn vị để thêm.'] } }, '');
        form.querySelector('[data-error]').hidden = true;
        picker.focus();
        return;
      }
      const name = option.dataset.name;
      const code = option.dataset.code || '';
      const row = document.createElement('tr');
      row.dataset.unit = option.value;
      row.dataset.name = name;
      row.dataset.code = code;
      row.className = 'added';
      const cell = (tag, text, cls) => {
        const el = document.createElement(tag);
        if (cls) el.className = cls;
        el.textContent = text;
        row.append(el);
        return el;
      };
      cell('td', '', 'num').dataset.position = '';
      cell('td', code || '—');
      cell('th', name).scope = 'row';
      cell('td', 'mới thêm');
      const actions = cell('td', '', 'row-actions');
      const button = (text, label, attr, value, danger) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = danger ? 'secondary small danger' : 'secondary small';
        b.textContent = text;
        b.setAttribute('aria-label', label);
        b.setAttribute(attr, value);
        actions.append(b, ' ');
      };
      button('↑ Lên', `Đưa ${name} lên một bậc`, 'data-move', 'up');
      button('↓ Xuống', `Đưa ${name} xuống một bậc`, 'data-move', 'down');
      button('Bỏ khỏi cụm', `Bỏ ${name} khỏi cụm`, 'data-remove-member', '', true);
      const error = document.createElement('p');
      error.className = 'error row-error';
      error.hidden = true;
      actions.append(error);
      table.querySelector('tbody').append(row);
      option.remove();
      picker.value = '';
      refreshMembers(form);
      row.querySelector('[data-move="up"]').focus();
    });
  }

  function onMovements(form) {
    const table = form.querySelector('#movements');
    const empty = form.querySelector('[data-no-movements]');
    const sync = () => {
      empty.hidden = table.querySelector('tbody tr') !== null;
    };
    table.addEventListener('click', (event) => {
      const button = event.target.closest('[data-remove-movement]');
      if (!button) return;
      button.closest('tr').remove();
      sync();
      form.querySelector('[data-action="add-movement"]').focus();
    });
    form.querySelector('[data-action="add-movement"]').addEventListener('click', () => {
      const row = document.getElementById('movement-row').content.firstElementChild.cloneNode(true);
      const n = table.querySelectorAll('tbody tr').length + 1;
      wireLabels(row, String(n));
      table.querySelector('tbody').append(row);
      refreshMembers(form);
      sync();
      row.querySelector('select').focus();
    });
  }

  /** The scoring table: rows in display order; a row's subtree is the rows after it that are deeper. */
  function subtree(row) {
    const depth = Number(row.dataset.depth);
    const rows = [row];
    for (let next = row.nextElementSibling; next && Number(next.dataset.depth) > depth; next = next.nextElementSibling)
      rows.push(next);
    return rows;
  }

  function onCriteria(form) {
    const table = form.querySelector('#criteria');
    const body = table.querySelector('tbody');
    const codeOf = (row) =>
      row.hasAttribute('data-new') ? row.querySelector('[data-field="code"]').value.trim() : row.dataset.code;

    function newRow(parent) {
      const row = document.getElementById('criterion-row').content.firstElementChild.cloneNode(true);
      const depth = parent ? Number(parent.dataset.depth) + 1 : 0;
      row.dataset.depth = String(depth);
      row.dataset.parent = parent ? codeOf(parent) : '';
      row.querySelector('th').className = `depth-${Math.min(depth, 4)}`;
      wireLabels(row, '');
      const kind = row.querySelector('[data-field="kind"]');
      const addChild = row.querySelector('[data-add-child]');
      const syncKind = () => {
        addChild.hidden = kind.value !== '';
        row.classList.toggle('group', kind.value === '');
        row.classList.toggle('leaf', kind.value !== '');
      };
      kind.addEventListener('change', syncKind);
      if (parent) {
        const siblings = [...body.querySelectorAll('tr')].filter((r) => r.dataset.parent === row.dataset.parent);
        row.querySelector('[data-field="code"]').value = `${row.dataset.parent}.${siblings.length + 1}`;
        kind.value = 'graded';
        row.querySelector('[data-field="method"]').value = 'direct';
      } else {
        kind.value = '';
      }
      syncKind();
      return row;
    }

    table.addEventListener('click', (event) => {
      const button = event.target.closest('button');
      if (!button) return;
      const row = button.closest('tr');
      if (button.hasAttribute('data-add-child')) {
        const child = newRow(row);
        subtree(row).at(-1).after(child);
        child.querySelector('[data-field="code"]').focus();
      } else if (button.hasAttribute('data-remove-criterion')) {
        const rows = subtree(row);
        const code = codeOf(row) || '(chưa có mã)';
        const question =
          rows.length > 1
            ? `Xóa nhóm ${code} cùng ${rows.length - 1} tiêu chí bên trong? Tiêu chí đã có kết quả thì không xóa được.`
            : `Xóa tiêu chí ${code}? Tiêu chí đã có kết quả thì không xóa được.`;
        if (!window.confirm(`${question} Việc xóa chỉ có hiệu lực khi bấm Lưu.`)) return;
        const next = rows.at(-1).nextElementSibling || row.previousElementSibling;
        for (const r of rows) r.remove();
        (next ? next.querySelector('input') : form.querySelector('[data-action="add-group"]')).focus();
      }
    });
    form.querySelector('[data-action="add-group"]').addEventListener('click', () => {
      const row = newRow(null);
      body.append(row);
      row.querySelector('[data-field="code"]').focus();
    });
  }

  /** The scoring table as the PUT wants it, read from the rows; problems of the typed numbers into `invalid`. */
  function readCriteria(form, data, invalid) {
    const original = new Map(data.scoringTable.map((c) => [c.code, c]));
    const rows = [...form.querySelectorAll('#criteria tbody tr')];
    const number = (row, field) => {
      const input = row.querySelector(`[data-field="${field}"]`);
      if (!input) return null;
      const value = parseNumber(input.value);
      if (Number.isNaN(value)) {
        invalid.push([row, field, `"${input.value}" không phải là số (ví dụ 10 hoặc 2,5)`]);
        return null;
      }
      return value;
    };
    const text = (row, field) => {
      const input = row.querySelector(`[data-field="${field}"]`);
      return input ? input.value.trim() : '';
    };
    const table = [];
    rows.forEach((row, i) => {
      if (!row.hasAttribute('data-new')) {
        const { targets: _targets, ...rest } = original.get(row.dataset.code);
        const criterion = { ...rest, title: text(row, 'title'), maxPoints: number(row, 'maxPoints') };
        if (row.querySelector('[data-field="defaultTarget"]')) criterion.defaultTarget = number(row, 'defaultTarget');
        if (row.querySelector('[data-field="unitOfMeasure"]'))
          criterion.unitOfMeasure = text(row, 'unitOfMeasure') || null;
        if (criterion.kind === 'target') criterion.targets = [];
        table.push(criterion);
        return;
      }
      // A new row's parent: the nearest row above it one level up (its code as typed, when new too).
      const depth = Number(row.dataset.depth);
      let parentCode = null;
      for (let j = i - 1; depth > 0 && j >= 0; j -= 1) {
        if (Number(rows[j].dataset.depth) === depth - 1) {
          parentCode = table[j].code;
          break;
        }
      }
      table.push({
        code: text(row, 'code'),
        title: text(row, 'title'),
        parentCode,
        maxPoints: number(row, 'maxPoints'),
        kind: text(row, 'kind') || null,
        method: text(row, 'method') || null,
        direction: text(row, 'direction') || null,
        defaultTarget: number(row, 'defaultTarget'),
        unitOfMeasure: text(row, 'unitOfMeasure') || null,
        pointsPerOccurrence: number(row, 'pointsPerOccurrence'),
      });
    });
    return { rows, table };
  }

  function onSetup(form) {
    let data = JSON.parse(document.getElementById('setup-data').textContent);
    const ok = form.querySelector('[data-ok]');
    const conflict = form.querySelector('[data-conflict]');
    form.querySelector('[data-action="reload"]').addEventListener('click', () => window.location.reload());
    const year = Number(form.dataset.year);
    onMembers(form, year);
    onMovements(form);
    onCriteria(form);
    refreshMembers(form);
    const saved = window.sessionStorage.getItem('thidua-setup-saved');
    if (saved) {
      window.sessionStorage.removeItem('thidua-setup-saved');
      ok.textContent = saved;
      ok.hidden = false;
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      ok.hidden = true;
      conflict.hidden = true;
      showErrors(form, null, '');
      form.querySelector('[data-error]').hidden = true;
      clearCellErrors(form);
      clearRowErrors(form);

      const memberTrs = memberRows(form);
      const members = memberTrs.map((row) => Number(row.dataset.unit));
      const memberSet = new Set(members);
      const movementTrs = [...form.querySelectorAll('#movements tbody tr')];
      const movements = movementTrs.map((row) => ({
        unitId: Number(row.querySelector('[data-field="unitId"]').value),
        joinedOn: row.querySelector('[data-field="joinedOn"]').value || null,
        leftOn: row.querySelector('[data-field="leftOn"]').value || null,
      }));
      const invalidRows = [];
      const { rows: criterionTrs, table: scoringTable } = readCriteria(form, data, invalidRows);

      // The targets grid: cell → its path in the body, to show the API's errors beside the cell.
      const cellsByPath = new Map();
      const cellErrors = [];
      scoringTable.forEach((criterion, i) => {
        if (!criterion.targets) return;
        for (const cell of form.querySelectorAll(`input.cell[data-code="${CSS.escape(criterion.code)}"]`)) {
          if (!memberSet.has(Number(cell.dataset.unit))) continue;
          const value = parseNumber(cell.value);
          if (Number.isNaN(value)) {
            cellErrors.push([cell, 'không phải là số (ví dụ 95 hoặc 95,5)']);
            continue;
          }
          if (value === null) continue;
          cellsByPath.set(`scoringTable[${i}].targets[${criterion.targets.length}]`, cell);
          criterion.targets.push({ unitId: Number(cell.dataset.unit), value });
        }
      });
      const thresholds = {};
      const thresholdErrors = {};
      for (const key of ['excellent', 'good', 'completed']) {
        const value = parseNumber(form.elements[`ruleSet.thresholds.${key}`].value);
        if (value === null || Number.isNaN(value))
          thresholdErrors[`ruleSet.thresholds.${key}`] = ['hãy nhập một số từ 0 đến 100'];
        thresholds[key] = value;
      }
      const maxTotal = parseNumber(form.elements['ruleSet.maxTotal'].value);
      if (Number.isNaN(maxTotal)) thresholdErrors['ruleSet.maxTotal'] = ['hãy nhập một số, hoặc để trống để tự tính'];
      if (invalidRows.length > 0 || cellErrors.length > 0 || Object.keys(thresholdErrors).length > 0) {
        showErrors(form, { message: 'Có ô nhập chưa đúng: xem ghi chú đỏ bên cạnh.', errors: thresholdErrors }, '');
        for (const [row, field, message] of invalidRows) addRowError(row, message, field);
        for (const [cell, message] of cellErrors) addCellError(form, cell, message);
        return;
      }

      const body = {
        version: data.version,
        members,
        movements,
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
          maxTotal,
        },
        scoringTable,
      };
      // Members, movements or criteria added or removed: the page is drawn again after the save
      // (the targets grid gets its new rows and columns).
      const shape = (cy) =>
        JSON.stringify([
          cy.members,
          cy.movements.map((m) => [m.unitId, m.joinedOn || null, m.leftOn || null]),
          cy.scoringTable.map((c) => [c.code, c.parentCode || null, c.kind || null]),
        ]);
      const reshaped = shape(body) !== shape(data);
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      const result = await api('PUT', form.dataset.url, body).catch(failed);
      button.disabled = false;
      const time = new Date().toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
      if (result.ok && reshaped) {
        window.sessionStorage.setItem('thidua-setup-saved', `Đã lưu thiết lập năm lúc ${time}.`);
        window.location.reload();
        return;
      }
      if (result.ok) {
        data = result.data;
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
      // Each error beside what it concerns: a targets cell, a row (member, movement, criterion), a field.
      const errors = (result.data && result.data.errors) || {};
      const fieldErrors = {};
      const later = [];
      for (const [path, messages] of Object.entries(errors)) {
        const cell = cellsByPath.get(path.replace(/\.(value|unitId)$/, ''));
        const row = /^(members|movements|scoringTable)\[(\d+)\](?:\.(\w+))?$/.exec(path);
        const trs = row && { members: memberTrs, movements: movementTrs, scoringTable: criterionTrs }[row[1]];
        if (cell) later.push(() => addCellError(form, cell, messages.join('; ')));
        else if (trs && trs[Number(row[2])])
          later.push(() => addRowError(trs[Number(row[2])], messages.join('; '), row[3]));
        else fieldErrors[path] = messages;
      }
      showErrors(
        form,
        {
          message:
            code === 'VALIDATION_FAILED'
              ? 'Chưa lưu được: xem ghi chú đỏ bên cạnh từng ô, từng dòng.'
              : result.data && result.data.message,
          errors: fieldErrors,
        },
        'Không lưu được; hãy thử lại.',
      );
      for (const show of later) show();
      const first = form.querySelector('.row-error:not([hidden]), [data-cell-errors]:not([hidden])');
      if (first) first.scrollIntoView({ block: 'center' });
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
