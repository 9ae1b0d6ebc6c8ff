// Thi đua — the pages' small script: sign-in, sign-out, password change, year selectors.
// Writes go through the JSON API with the session cookie and the page's CSRF token.
'use strict';

const csrf = () => document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

async function api(method, url, body) {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  return { ok: response.ok, status: response.status, data };
}

/** Shows the API's error next to its fields (errors: { field: [messages] }) and in the form's alert. */
function showErrors(form, data, fallback) {
  for (const el of form.querySelectorAll('[data-error-for]')) {
    el.hidden = true;
    el.textContent = '';
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  const errors = (data && data.errors) || {};
  for (const [field, messages] of Object.entries(errors)) {
    const target = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
    if (input) input.setAttribute('aria-invalid', 'true');
    if (target) {
      target.textContent = messages.join('; ');
      target.hidden = false;
    }
  }
  const alert = form.querySelector('[data-error]');
  if (alert) {
    alert.textContent = (data && data.message) || fallback;
    alert.hidden = false;
  }
}

function onLogin(form) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    const result = await api('POST', '/api/auth/session', {
      username: form.username.value.trim(),
      password: form.password.value,
    }).catch(() => ({ ok: false, data: null }));
    button.disabled = false;
    if (result.ok) {
      window.location.assign(form.dataset.next || '/');
      return;
    }
    showErrors(form, result.data, 'Không đăng nhập được; hãy thử lại.');
    form.password.select();
  });
}

function onPassword(form) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ok = form.querySelector('[data-ok]');
    ok.hidden = true;
    const result = await api('PATCH', '/api/auth/password', {
      currentPassword: form.currentPassword.value,
      newPassword: form.newPassword.value,
    }).catch(() => ({ ok: false, data: null }));
    if (result.ok) {
      showErrors(form, null, '');
      form.querySelector('[data-error]').hidden = true;
      form.reset();
      ok.textContent = 'Đã đổi mật khẩu. Lần đăng nhập sau dùng mật khẩu mới.';
      ok.hidden = false;
      return;
    }
    showErrors(form, result.data, 'Không đổi được mật khẩu; hãy thử lại.');
  });
}

document.addEventListener('DOMContentLoaded', () => {
  const login = document.getElementById('login-form');
  if (login) onLogin(login);
  const password = document.getElementById('password-form');
  if (password) onPassword(password);
  for (const button of document.querySelectorAll('[data-action="logout"]')) {
    button.addEventListener('click', async () => {
      await api('POST', '/api/auth/logout').catch(() => undefined);
      window.location.assign('/dang-nhap');
    });
  }
  for (const select of document.querySelectorAll('select[data-autosubmit]')) {
    select.addEventListener('change', () => select.form.submit());
  }
});

window.ThiDua = { api, showErrors, csrf };
