// Thi đua — the administration pages (Quản trị): accounts, units, clusters, the report header.
// Every write goes through the JSON API (window.ThiDua.api), with the API's validation and audit;
// its errors are shown next to the fields, a 409 shows what the other person saved.
'use strict';

(function () {
  const { api, showErrors } = window.ThiDua;
  const FLASH_KEY = 'thidua.admin.flash';

  const data = (() => {
    const el = document.getElementById('admin-data');
    return el ? JSON.parse(el.textContent) : {};
  })();

  /** After a write: reload the page (fresh table, fresh versions) and say what was done. */
  function doneAndReload(message) {
    try {
      sessionStorage.setItem(FLASH_KEY, message);
    } catch {
      // No storage: the reloaded page still shows the change.
    }
    window.location.reload();
  }

  function showFlash() {
    const el = document.querySelector('[data-flash]');
    let message = null;
    try {
      message = sessionStorage.getItem(FLASH_KEY);
      sessionStorage.removeItem(FLASH_KEY);
    } catch {
      message = null;
    }
    if (el && message) {
      el.textContent = message;
      el.hidden = false;
    }
  }

  function pageError(message) {
    const el = document.querySelector('[data-page-error]');
    if (!el) return;
    el.textContent = message;
    el.hidden = !message;
    if (message) el.scrollIntoView({ block: 'center' });
  }

  /** A form's fields as the API wants them: "a.b" names nest, checkbox groups are id lists. */
  function fields(form) {
    const body = {};
    const set = (name, value) => {
      const parts = name.split('.');
      let target = body;
      for (const part of parts.slice(0, -1)) target = target[part] = target[part] || {};
      target[parts.at(-1)] = value;
    };
    for (const el of form.elements) {
      if (!el.name || el.disabled || el.type === 'submit' || el.type === 'button') continue;
      if (el.type === 'checkbox') {
        if (!(el.name in body)) body[el.name] = [];
        if (el.checked) body[el.name].push(Number(el.value));
        continue;
      }
      if (el.type === 'radio') {
        if (el.checked) set(el.name, el.value);
        continue;
      }
      const value = el.value.trim();
      if (el.hasAttribute('data-number')) {
        if (value !== '') set(el.name, Number(value));
      } else if (value === '' && el.hasAttribute('data-nullable')) {
        set(el.name, null);
      } else {
        set(el.name, el.type === 'password' ? el.value : value);
      }
    }
    return body;
  }

  /** The label a person sees for a field, for messages. */
  function labelOf(form, name) {
    const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
    const label = input && input.id ? form.querySelector(`label[for="${CSS.escape(input.id)}"]`) : null;
    return label ? label.textContent.trim() : name;
  }

  /** How a value reads in the form: an option's or radio's text rather than its code. */
  function readable(form, name, value) {
    if (value === null || value === undefined || value === '') return '(trống)';
    const select = form.querySelector(`select[name="${CSS.escape(name)}"]`);
    const option = select && Array.from(select.options).find((o) => o.value === String(value));
    if (option) return option.textContent.trim();
    const radio = form.querySelector(
      `input[type="radio"][name="${CSS.escape(name)}"][value="${CSS.escape(String(value))}"]`,
    );
    const label = radio && radio.id ? form.querySelector(`label[for="${CSS.escape(radio.id)}"]`) : null;
    if (label) return label.textContent.trim();
    return String(value);
  }

  /** 409: what the other person saved, the version to overwrite it knowingly with a second "Lưu". */
  function showConflict(form, current, extra) {
    showErrors(form, null, '');
    const lines = [];
    for (const [name, value] of Object.entries(current || {})) {
      if (name === 'version' || !form.querySelector(`[name="${CSS.escape(name)}"]`)) continue;
      lines.push(`${labelOf(form, name)}: ${readable(form, name, value)}`);
    }
    if (extra) lines.push(...extra(current || {}));
    const version = form.querySelector('[name="version"]');
    if (version && current && current.version) version.value = String(current.version);
    const alert = form.querySelector('[data-error]');
    alert.textContent =
      'Người khác vừa lưu mục này trước bạn. Giá trị họ đã lưu — ' +
      (lines.length > 0 ? lines.join('; ') : 'xem sau khi tải lại trang') +
      '. Bấm "Lưu" lần nữa để ghi giá trị của bạn đè lên, hoặc tải lại trang để xem.';
    alert.hidden = false;
  }

  /** The API's errors: next to their fields; those without a field go in the form's alert. */
  function showApiErrors(form, result, fallback) {
    const payload = result.data || {};
    const errors = payload.errors || {};
    const unplaced = Object.entries(errors)
      .filter(([field]) => !form.querySelector(`[data-error-for="${CSS.escape(field)}"]`))
      .map(([field, messages]) => `${field}: ${messages.join('; ')}`);
    let message = payload.message || fallback;
    if (payload.code === 'VALIDATION_FAILED' && /"errors"/.test(message)) {
      message = 'Có thông tin chưa hợp lệ: xem ghi chú dưới từng ô.';
    }
    if (result.status === 0 || (!payload.message && result.status >= 500)) message = fallback;
    showErrors(form, { errors, message: [message, ...unplaced].join(' ') }, fallback);
    const first = form.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  }

  /** Sends a form's write; on success reloads with `done(response)` as the confirmation. */
  function onSubmit(form, request, done, options = {}) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const req = request(fields(form));
      if (!req) return;
      if (options.confirm && !window.confirm(options.confirm(req))) return;
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      const result = await api(req.method, req.url, req.body).catch(() => ({ ok: false, status: 0, data: null }));
      button.disabled = false;
      if (result.ok) {
        doneAndReload(done(result.data, req));
        return;
      }
      if (result.status === 409 && result.data && result.data.code === 'VERSION_CONFLICT') {
        showConflict(form, result.data.current, options.conflictExtra);
        return;
      }
      showApiErrors(form, result, 'Không lưu được; kiểm tra kết nối rồi thử lại.');
    });
  }

  function openDialog(dialog, fill) {
    const form = dialog.querySelector('form');
    form.reset();
    showErrors(form, null, '');
    form.querySelector('[data-error]').hidden = true;
    fill(form);
    dialog.showModal();
    const first = form.querySelector('input:not([type="hidden"]), select, textarea');
    if (first) first.focus();
  }

  function setupDialogs() {
    for (const button of document.querySelectorAll('dialog [data-close]')) {
      button.addEventListener('click', () => button.closest('dialog').close());
    }
  }

  /** A secretary's clusters: shown only while the role chosen is "Thư ký cụm". */
  function linkRoleToClusters(form) {
    const select = form.querySelector('[data-role-select]');
    const box = form.querySelector('[data-clusters-for-role]');
    if (!select || !box) return;
    const sync = () => {
      box.hidden = select.value !== 'secretary';
    };
    select.addEventListener('change', sync);
    sync();
    return sync;
  }

  const byId = (list, id) => list.find((item) => item.id === Number(id));

  // —— Accounts ——
  function usersPage() {
    const create = document.getElementById('create-user');
    if (!create) return;
    const users = data.users || [];
    linkRoleToClusters(create);
    onSubmit(
      create,
      (body) => {
        if (body.role !== 'secretary') delete body.clusterIds;
        return { method: 'POST', url: '/api/users', body };
      },
      (user) => {
        const clusters = user.clusterIds.length > 0 ? `, phụ trách ${user.clusterIds.length} cụm/khối` : '';
        return `Đã tạo tài khoản "${user.username}" (${user.roleLabel}${clusters}). Hãy báo mật khẩu ban đầu cho người dùng.`;
      },
    );

    const editDialog = document.getElementById('edit-user');
    const editForm = document.getElementById('edit-user-form');
    const syncEdit = linkRoleToClusters(editForm);
    let editing = null;
    onSubmit(
      editForm,
      (body) => {
        if (body.role !== 'secretary') body.clusterIds = [];
        return { method: 'PATCH', url: `/api/users/${editing.id}`, body };
      },
      (user) => `Đã lưu tài khoản "${user.username}" (${user.roleLabel}).`,
    );

    const resetDialog = document.getElementById('reset-user');
    const resetForm = document.getElementById('reset-user-form');
    onSubmit(
      resetForm,
      (body) => ({ method: 'POST', url: `/api/users/${editing.id}/reset-password`, body }),
      () => `Đã đặt lại mật khẩu của "${editing.username}"; các phiên đăng nhập của tài khoản này đã kết thúc.`,
      {
        confirm: () =>
          `Đặt lại mật khẩu của "${editing.username}"? Người này sẽ bị đăng xuất và phải dùng mật khẩu mới.`,
      },
    );

    for (const button of document.querySelectorAll('[data-edit-user]')) {
      button.addEventListener('click', () => {
        editing = byId(users, button.dataset.editUser);
        openDialog(editDialog, (form) => {
          form.querySelector('[data-username]').textContent = editing.username;
          form.displayName.value = editing.displayName;
          form.role.value = editing.role;
          for (const box of form.querySelectorAll('[name="clusterIds"]')) {
            box.checked = editing.clusterIds.includes(Number(box.value));
          }
          syncEdit();
        });
      });
    }
    for (const button of document.querySelectorAll('[data-reset-user]')) {
      button.addEventListener('click', () => {
        editing = byId(users, button.dataset.resetUser);
        openDialog(resetDialog, (form) => {
          form.querySelector('[data-username]').textContent = editing.username;
        });
      });
    }
    const setActive = async (user, active) => {
      const question = active
        ? `Mở khóa tài khoản "${user.username}"? Người này đăng nhập lại được.`
        : `Khóa tài khoản "${user.username}" (${user.displayName})? Người này bị đăng xuất ngay và không đăng nhập được cho đến khi mở khóa.`;
      if (!window.confirm(question)) return;
      pageError('');
      const result = await api('PATCH', `/api/users/${user.id}`, { active }).catch(() => ({ ok: false, data: null }));
      if (result.ok) {
        doneAndReload(active ? `Đã mở khóa tài khoản "${user.username}".` : `Đã khóa tài khoản "${user.username}".`);
        return;
      }
      pageError((result.data && result.data.message) || 'Không lưu được; kiểm tra kết nối rồi thử lại.');
    };
    for (const button of document.querySelectorAll('[data-lock-user]')) {
      button.addEventListener('click', () => setActive(byId(users, button.dataset.lockUser), false));
    }
    for (const button of document.querySelectorAll('[data-unlock-user]')) {
      button.addEventListener('click', () => setActive(byId(users, button.dataset.unlockUser), true));
    }
  }

  // —— Units ——
  function unitsPage() {
    const create = document.getElementById('create-unit');
    if (!create) return;
    const units = data.units || [];
    onSubmit(
      create,
      (body) => ({ method: 'POST', url: '/api/units', body }),
      (unit) => `Đã thêm đơn vị "${unit.name}"${unit.code ? ` (mã ${unit.code})` : ''}.`,
    );
    const dialog = document.getElementById('edit-unit');
    const form = document.getElementById('edit-unit-form');
    let editing = null;
    onSubmit(
      form,
      (body) => {
        const rename = body.rename || {};
        if (!rename.name && !rename.from) delete body.rename;
        else rename.name = rename.name || '';
        return { method: 'PATCH', url: `/api/units/${editing.id}`, body };
      },
      (unit, req) =>
        req.body.rename
          ? `Đã đổi tên "${editing.name}" thành "${req.body.rename.name}" từ ngày ${req.body.rename.from.split('-').reverse().join('/')}.`
          : `Đã lưu đơn vị "${unit.name}".`,
      { conflictExtra: (current) => (current.name ? [`Tên hiện tại: ${current.name}`] : []) },
    );
    for (const button of document.querySelectorAll('[data-edit-unit]')) {
      button.addEventListener('click', () => {
        editing = byId(units, button.dataset.editUnit);
        openDialog(dialog, (f) => {
          f.querySelector('[data-unit-name]').textContent = editing.name;
          f.version.value = String(editing.version);
          f.code.value = editing.code || '';
          f.note.value = editing.note || '';
        });
      });
    }
  }

  // —— Clusters and blocs ——
  function clustersPage() {
    const create = document.getElementById('create-cluster');
    if (!create) return;
    const clusters = data.clusters || [];
    onSubmit(
      create,
      (body) => ({ method: 'POST', url: '/api/clusters', body }),
      (cluster) => `Đã thêm ${cluster.kindLabel.toLowerCase()} "${cluster.name}" (mã ${cluster.code}).`,
    );
    const dialog = document.getElementById('edit-cluster');
    const form = document.getElementById('edit-cluster-form');
    let editing = null;
    onSubmit(
      form,
      (body) => ({ method: 'PATCH', url: `/api/clusters/${editing.id}`, body }),
      (cluster) => `Đã lưu "${cluster.name}" (mã ${cluster.code}).`,
    );
    for (const button of document.querySelectorAll('[data-edit-cluster]')) {
      button.addEventListener('click', () => {
        editing = byId(clusters, button.dataset.editCluster);
        openDialog(dialog, (f) => {
          f.querySelector('[data-cluster-name]').textContent = editing.name;
          f.version.value = String(editing.version);
          f.code.value = editing.code;
          f.elements.namedItem('name').value = editing.name;
          f.kind.value = editing.kind;
          f.description.value = editing.description || '';
        });
      });
    }
  }

  // —— The report header ——
  function settingsPage() {
    const form = document.getElementById('settings-form');
    if (!form) return;
    const motto = data.mottoLines || {};
    const preview = () => {
      const body = fields(form);
      const set = (key, text) => {
        const el = document.querySelector(`[data-preview="${key}"]`);
        if (el) el.textContent = text;
      };
      set('parentBody', body.parentBody || '');
      set('issuingBody', body.issuingBody || '');
      set('place', body.place || '');
      const lines = motto[body.mottoKind] || ['', ''];
      set('motto0', lines[0]);
      set('motto1', lines[1]);
    };
    form.addEventListener('input', preview);
    form.addEventListener('change', preview);
    onSubmit(
      form,
      (body) => ({ method: 'PUT', url: '/api/settings/organizer', body }),
      () => 'Đã lưu thiết lập báo cáo: các báo cáo xuất từ bây giờ dùng phần đầu mới.',
    );
  }

  document.addEventListener('DOMContentLoaded', () => {
    showFlash();
    setupDialogs();
    usersPage();
    unitsPage();
    clustersPage();
    settingsPage();
  });
})();
