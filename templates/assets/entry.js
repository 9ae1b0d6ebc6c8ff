// Thi đua — the results entry form: checks values as they are typed, previews the unit's points,
// total, rank and rating before saving (POST …/preview, nothing written), saves with the version
// read (PUT), and on a conflict shows the other person's values beside the user's to choose from.
'use strict';

(function () {
  const FIELDS = ['actual', 'selfScore', 'reviewedScore', 'reviewReason', 'note'];
  const NUMERIC = ['actual', 'selfScore', 'reviewedScore'];
  const FIELD_LABELS = {
    actual: 'Thực hiện',
    selfScore: 'Tự chấm',
    reviewedScore: 'Cụm chấm',
    reviewReason: 'Lý do',
    note: 'Ghi chú',
    veto: 'Phủ quyết',
    ratingOverride: 'Xếp loại do hội nghị quyết định',
  };
  const SOURCES = { computed: 'tính từ thực hiện', reviewed: 'cụm chấm', self: 'tự chấm', none: 'chưa có' };
  const RATINGS = {
    EXCELLENT: 'Hoàn thành xuất sắc nhiệm vụ',
    GOOD: 'Hoàn thành tốt nhiệm vụ',
    COMPLETED: 'Hoàn thành nhiệm vụ',
    NOT_COMPLETED: 'Không hoàn thành nhiệm vụ',
  };
  const PREVIEW_DELAY_MS = 350;

  const show = (value, digits = 2) =>
    value === null || value === undefined
      ? '—'
      : Number(value).toLocaleString('vi-VN', { maximumFractionDigits: digits });
  const inputText = (value) =>
    value === null || value === undefined
      ? ''
      : Number(value).toLocaleString('vi-VN', { maximumFractionDigits: 6, useGrouping: false });
  const ratingClass = (rating) => `rating rating-${(rating || 'none').toLowerCase().replace(/_/g, '-')}`;

  /**
   * A number as people type it: "1.234,5" and "12,5" (Vietnamese), "12.5" (plain). With a comma,
   * dots group thousands; without one, a single dot is the decimal point and several group thousands.
   * Returns null for an empty box, NaN for what is not a number.
   */
  function parseNumber(text) {
    let s = String(text)
      .trim()
      .replace(/[\s\u00a0]/g, '');
    if (s === '') return null;
    if (s.includes(',')) {
      if (!/^-?\d{1,3}(\.\d{3})*(,\d+)?$/.test(s) && !/^-?\d+(,\d+)?$/.test(s)) return NaN;
      s = s.replace(/\./g, '').replace(',', '.');
    } else if ((s.match(/\./g) || []).length > 1) {
      if (!/^-?\d{1,3}(\.\d{3})+$/.test(s)) return NaN;
      s = s.replace(/\./g, '');
    } else if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(s)) {
      return NaN;
    }
    return Number(s);
  }

  function start(form) {
    const data = JSON.parse(document.getElementById('entry-data').textContent);
    if (data.finalized) return;
    const rows = [...form.querySelectorAll('tr[data-leaf]')];
    const input = (i, field) => rows[i].querySelector(`[data-field="${field}"]`);
    const vetoOn = form.querySelector('#veto-on');
    const vetoReason = form.querySelector('#veto-reason');
    const overrideRating = form.querySelector('#override-rating');
    const overrideReason = form.querySelector('#override-reason');
    const alert = form.querySelector('[data-error]');
    const ok = form.querySelector('[data-ok]');
    const flag = document.querySelector('[data-flag]');
    const previewState = document.querySelector('[data-preview-state]');
    const conflict = document.getElementById('conflict');
    let version = data.version;
    let dirty = false;
    let timer = null;
    let previewSeq = 0;
    let saving = false;

    /** What the form holds now, as text per leaf and field (to compare, and to re-fill). */
    function snapshot() {
      return {
        leaves: rows.map((_, i) =>
          Object.fromEntries(FIELDS.map((f) => [f, input(i, f) ? input(i, f).value.trim() : ''])),
        ),
        veto: vetoOn.checked ? vetoReason.value.trim() : null,
        rating: overrideRating.value || null,
        ratingReason: overrideReason.value.trim(),
      };
    }
    let baseline = snapshot();

    /** The API's response as the same shape as snapshot(). */
    function fromResponse(r) {
      const byCode = new Map(r.results.map((x) => [x.criterionCode, x]));
      return {
        leaves: data.leaves.map((leaf) => {
          const x = byCode.get(leaf.code) || {};
          return {
            actual: leaf.method === 'direct' ? '' : inputText(x.actual),
            selfScore: inputText(x.selfScore),
            reviewedScore: inputText(x.reviewedScore),
            reviewReason: x.reviewReason || '',
            note: x.note || '',
          };
        }),
        veto: r.veto ? r.veto.reason : null,
        rating: r.ratingOverride ? r.ratingOverride.rating : null,
        ratingReason: r.ratingOverride ? r.ratingOverride.reason : '',
      };
    }

    function fill(state) {
      state.leaves.forEach((leaf, i) => {
        for (const f of FIELDS) if (input(i, f)) input(i, f).value = leaf[f];
      });
      vetoOn.checked = state.veto !== null;
      vetoReason.value = state.veto || '';
      overrideRating.value = state.rating || '';
      overrideReason.value = state.ratingReason;
    }

    function setError(name, message) {
      const target = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
      const field = form.querySelector(`[name="${CSS.escape(name)}"]`);
      if (field) {
        if (message) field.setAttribute('aria-invalid', 'true');
        else field.removeAttribute('aria-invalid');
      }
      if (target) {
        target.textContent = message || '';
        target.hidden = !message;
      }
    }

    /** Checks the form as typed; returns the PUT body, or null when something must be fixed first. */
    function check() {
      let valid = true;
      const results = data.leaves.map((leaf, i) => {
        const entry = { criterionCode: leaf.code };
        const values = {};
        for (const f of NUMERIC) {
          const el = input(i, f);
          const name = `results[${i}].${f}`;
          if (!el) {
            entry[f] = null;
            continue;
          }
          const value = parseNumber(el.value);
          let message = '';
          if (Number.isNaN(value)) message = 'Không phải số: nhập như 12,5 hoặc 1.234,5.';
          else if (value !== null && value < 0) message = 'Không được âm.';
          else if (value !== null && f !== 'actual' && value > leaf.maxPoints)
            message = `Điểm phải từ 0 đến ${show(leaf.maxPoints)} (điểm tối đa).`;
          else if (value !== null && f === 'actual' && leaf.actualKind === 'count' && !Number.isInteger(value))
            message = 'Số lần phải là số nguyên.';
          else if (value !== null && f === 'actual' && leaf.actualKind === 'yes-no' && value !== 0 && value !== 1)
            message = 'Nhập 1 (đạt) hoặc 0 (không đạt).';
          setError(name, message);
          if (message) valid = false;
          values[f] = Number.isNaN(value) ? null : value;
          entry[f] = values[f];
        }
        const reason = input(i, 'reviewReason').value.trim();
        const note = input(i, 'note').value.trim();
        const needsReason =
          values.reviewedScore !== null &&
          values.selfScore !== null &&
          values.reviewedScore !== values.selfScore &&
          reason === '';
        setError(`results[${i}].reviewReason`, needsReason ? 'Cụm chấm khác tự chấm: hãy ghi lý do.' : '');
        if (needsReason) valid = false;
        entry.reviewReason = reason === '' ? null : reason;
        entry.note = note === '' ? null : note;
        return entry;
      });
      const vetoMissing = vetoOn.checked && vetoReason.value.trim() === '';
      setError('veto.reason', vetoMissing ? 'Hãy ghi lý do phủ quyết.' : '');
      const overrideMissing = overrideRating.value !== '' && overrideReason.value.trim() === '';
      setError('ratingOverride.reason', overrideMissing ? 'Hãy ghi lý do điều chỉnh xếp loại.' : '');
      if (vetoMissing || overrideMissing) valid = false;
      if (!valid) return null;
      return {
        version,
        results,
        veto: vetoOn.checked ? { reason: vetoReason.value.trim() } : null,
        ratingOverride: overrideRating.value
          ? { rating: overrideRating.value, reason: overrideReason.value.trim() }
          : null,
      };
    }

    const rankText = (rank) => `${rank === null ? '—' : rank}/${data.members}`;

    /** The summary and each leaf's points, from a preview or a saved response. */
    function showScores(r, saved) {
      document.querySelector('[data-out="total"]').textContent = show(r.total);
      document.querySelector('[data-out="rank"]').textContent = rankText(r.rank);
      const rating = document.querySelector('[data-out="rating"]');
      rating.className = ratingClass(r.rating);
      rating.textContent = RATINGS[r.rating] || 'chưa xếp loại';
      document.querySelector('[data-out="parts"]').textContent =
        `${show(r.base)}; +${show(r.bonus)}; −${show(r.penalty)}`;
      const changedTotal = !saved && Math.abs(r.total - data.before.total) > 1e-9;
      document.querySelector('[data-out="total-before"]').textContent = changedTotal
        ? `(đang lưu: ${show(data.before.total)})`
        : '';
      document.querySelector('[data-out="rank-before"]').textContent =
        !saved && r.rank !== data.before.rank ? `(đang lưu: ${rankText(data.before.rank)})` : '';
      const byCode = new Map(r.results.map((x) => [x.criterionCode, x]));
      data.leaves.forEach((leaf, i) => {
        const x = byCode.get(leaf.code);
        if (!x) return;
        document.querySelector(`[data-final="${i}"]`).textContent = show(x.final);
        document.querySelector(`[data-source="${i}"]`).textContent = SOURCES[x.source] || x.source;
      });
      for (const g of r.groups) {
        const el = document.querySelector(`[data-group="${CSS.escape(g.code)}"]`);
        if (el) el.textContent = show(g.score);
      }
    }

    function setDirty(value) {
      dirty = value;
      flag.textContent = value ? 'chưa lưu' : 'đã lưu';
      flag.classList.toggle('entry-unsaved', value);
    }

    async function preview() {
      const body = check();
      if (!body) {
        previewState.textContent = 'Hãy sửa các ô báo lỗi để xem trước kết quả.';
        return;
      }
      const seq = ++previewSeq;
      previewState.textContent = 'Đang tính…';
      const url = `/api/clusters/${data.clusterId}/years/${data.year}/results/${data.unitId}/preview`;
      const result = await window.ThiDua.api('POST', url, body).catch(() => ({ ok: false, data: null }));
      if (seq !== previewSeq) return;
      if (result.ok) {
        showScores(result.data, false);
        previewState.textContent =
          result.data.version !== version
            ? 'Lưu ý: người khác vừa lưu kết quả của đơn vị này; khi lưu, bạn sẽ thấy giá trị của họ để chọn.'
            : 'Xem trước theo số vừa nhập (chưa lưu).';
        return;
      }
      previewState.textContent = '';
      window.ThiDua.showErrors(form, result.data, 'Không tính được kết quả xem trước.');
    }

    function onChange() {
      setDirty(JSON.stringify(snapshot()) !== JSON.stringify(baseline));
      ok.hidden = true;
      alert.hidden = true;
      clearTimeout(timer);
      // Checked as typed; the preview (debounced) only once every box is valid.
      if (check() === null) {
        previewSeq += 1;
        previewState.textContent = 'Hãy sửa các ô báo lỗi để xem trước kết quả.';
        return;
      }
      timer = setTimeout(() => void preview(), PREVIEW_DELAY_MS);
    }

    function showConflict(current, mine) {
      const theirs = fromResponse(current);
      const tbody = conflict.querySelector('[data-conflict-rows]');
      tbody.replaceChildren();
      const add = (title, field, a, b, edited) => {
        const tr = document.createElement('tr');
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = title;
        const cells = [
          FIELD_LABELS[field],
          `${a === '' || a === null ? '(trống)' : a}${edited ? ' — bạn đã sửa' : ''}`,
          b === '' || b === null ? '(trống)' : b,
        ];
        tr.append(th, ...cells.map((text) => Object.assign(document.createElement('td'), { textContent: text })));
        tbody.append(tr);
      };
      data.leaves.forEach((leaf, i) => {
        for (const f of FIELDS) {
          const a = mine.leaves[i][f];
          const b = theirs.leaves[i][f];
          if (a !== b) add(`${leaf.code}. ${leaf.title}`, f, a, b, a !== baseline.leaves[i][f]);
        }
      });
      if (mine.veto !== theirs.veto) add('Đơn vị', 'veto', mine.veto, theirs.veto, mine.veto !== baseline.veto);
      if (mine.rating !== theirs.rating)
        add(
          'Đơn vị',
          'ratingOverride',
          RATINGS[mine.rating] || '',
          RATINGS[theirs.rating] || '',
          mine.rating !== baseline.rating,
        );
      conflict.querySelector('[data-conflict-message]').textContent =
        `Bạn sửa từ phiên bản ${version}; bản đang lưu là phiên bản ${current.version}. Chưa có gì của bạn được lưu. ` +
        'Hãy chọn một cách dưới đây.';
      conflict.hidden = false;
      conflict.focus();
      conflict.dataset.version = String(current.version);
      conflict.onclick = (event) => {
        const action = event.target.closest('[data-action]')?.dataset.action;
        if (action !== 'take-theirs' && action !== 'merge') return;
        version = current.version;
        data.before = { total: current.total, rank: current.rank, rating: current.rating };
        baseline = theirs;
        if (action === 'take-theirs') {
          fill(theirs);
        } else {
          // Theirs where the user changed nothing, the user's own edits kept on top.
          const merged = {
            leaves: theirs.leaves.map((leaf, i) =>
              Object.fromEntries(
                FIELDS.map((f) => [f, mine.leaves[i][f] !== mineBaseline.leaves[i][f] ? mine.leaves[i][f] : leaf[f]]),
              ),
            ),
            veto: mine.veto !== mineBaseline.veto ? mine.veto : theirs.veto,
            rating: mine.rating !== mineBaseline.rating ? mine.rating : theirs.rating,
            ratingReason: mine.ratingReason !== mineBaseline.ratingReason ? mine.ratingReason : theirs.ratingReason,
          };
          fill(merged);
        }
        conflict.hidden = true;
        onChange();
        rows[0]?.querySelector('input')?.focus();
      };
      const mineBaseline = baseline;
    }

    async function save() {
      if (saving) return;
      clearTimeout(timer);
      const body = check();
      if (!body) {
        alert.textContent = 'Chưa lưu: hãy sửa các ô báo lỗi.';
        alert.hidden = false;
        form.querySelector('[aria-invalid="true"]')?.focus();
        return;
      }
      saving = true;
      const button = form.querySelector('[data-action="save"]');
      button.disabled = true;
      const mine = snapshot();
      const url = `/api/clusters/${data.clusterId}/years/${data.year}/results/${data.unitId}`;
      const result = await window.ThiDua.api('PUT', url, body).catch(() => ({ ok: false, data: null }));
      saving = false;
      button.disabled = false;
      if (result.ok) {
        const r = result.data;
        version = r.version;
        data.before = { total: r.total, rank: r.rank, rating: r.rating };
        fill(fromResponse(r));
        baseline = snapshot();
        setDirty(false);
        showScores(r, true);
        conflict.hidden = true;
        alert.hidden = true;
        previewState.textContent = '';
        const time = new Date().toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
        ok.textContent = `Đã lưu kết quả của ${r.name} lúc ${time}; hạng mới: ${rankText(r.rank)}, tổng điểm ${show(r.total)}.`;
        ok.hidden = false;
        return;
      }
      if (result.status === 409 && result.data && result.data.code === 'VERSION_CONFLICT' && result.data.current) {
        alert.textContent = 'Chưa lưu: người khác vừa lưu kết quả của đơn vị này. Xem và chọn bên dưới.';
        alert.hidden = false;
        showConflict(result.data.current, mine);
        return;
      }
      window.ThiDua.showErrors(form, result.data, 'Không lưu được; hãy thử lại.');
    }

    form.addEventListener('input', onChange);
    form.addEventListener('change', onChange);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void save();
    });
    form.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.target.tagName !== 'INPUT' || event.target.type === 'checkbox') return;
      event.preventDefault();
      if (event.ctrlKey || event.metaKey) {
        void save();
        return;
      }
      const inputs = [...form.querySelectorAll('input:not([type="hidden"]):not([disabled]), select')];
      const next = inputs[inputs.indexOf(event.target) + 1];
      if (next) {
        next.focus();
        if (typeof next.select === 'function') next.select();
      }
    });
    window.addEventListener('beforeunload', (event) => {
      if (!dirty) return;
      event.preventDefault();
      event.returnValue = '';
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    const form = document.getElementById('entry-form');
    if (form) start(form);
  });

  window.ThiDuaEntry = { parseNumber };
})();
