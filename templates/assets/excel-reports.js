// Thi đua — "Báo cáo": download a cluster's annual report or the organizer's overview, showing
// progress while the server makes it and while it arrives, then save it under the server's name.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('reports-form');
  if (!form) return;
  const X = window.ThiDuaExcel;
  const progress = form.querySelector('[data-progress]');
  const bar = progress.querySelector('progress');
  const label = form.querySelector('[data-progress-label]');
  const alert = form.querySelector('[data-error]');
  const ok = form.querySelector('[data-ok]');

  function busy(on) {
    progress.hidden = !on;
    for (const node of form.querySelectorAll('[data-busy-disable], select')) node.disabled = on;
    document.body.toggleAttribute('aria-busy', on);
  }

  async function download(kind) {
    const year = form.nam.value;
    const cluster = form.cum.value;
    const url =
      kind === 'cluster' ? `/api/clusters/${encodeURIComponent(cluster)}/years/${year}/report.xlsx` : `/api/years/${year}/report.xlsx`;
    const fallbackName = kind === 'cluster' ? `bao-cao-${year}.xlsx` : `tong-hop-${year}.xlsx`;
    alert.hidden = true;
    ok.hidden = true;
    bar.removeAttribute('value');
    bar.removeAttribute('max');
    label.textContent = 'Đang tạo báo cáo…';
    busy(true);
    try {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) {
        const data = await X.errorBody(response);
        throw new Error(X.refusalMessage(response, data, `Không tạo được báo cáo (mã lỗi ${response.status}); hãy thử lại.`));
      }
      const blob = await X.readBody(response, (received, total) => {
        if (total) {
          bar.max = total;
          bar.value = received;
          label.textContent = `Đang tải báo cáo… ${X.formatBytes(received)} / ${X.formatBytes(total)}`;
        } else {
          label.textContent = `Đang tải báo cáo… đã nhận ${X.formatBytes(received)}`;
        }
      });
      const name = X.fileNameOf(response, fallbackName);
      X.saveBlob(blob, name);
      ok.textContent = `Đã tải “${name}” (${X.formatBytes(blob.size)}).`;
      ok.hidden = false;
    } catch (error) {
      alert.textContent =
        error instanceof TypeError
          ? 'Không tải được báo cáo: mất kết nối tới máy chủ. Hãy kiểm tra mạng rồi thử lại.'
          : error.message;
      alert.hidden = false;
    } finally {
      busy(false);
    }
  }

  for (const button of form.querySelectorAll('[data-report]')) {
    button.addEventListener('click', () => void download(button.dataset.report));
  }
});
