// Thi đua — "Báo cáo": download a cluster's summary report or workbook, or the organizer's overview,
// showing progress while the server makes it and while it arrives, then save it under the server's
// name; save the summary report's signer and texts through the JSON API.
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
    const base = `/api/clusters/${encodeURIComponent(cluster)}/years/${year}`;
    const query = new URLSearchParams();
    if (form.number.value.trim() !== '') query.set('number', form.number.value.trim());
    if (form.date.value !== '') query.set('date', form.date.value);
    const paths = {
      summary: `${base}/report.docx`,
      'summary-pdf': `${base}/report.pdf`,
      cluster: `${base}/report.xlsx`,
      'cluster-pdf': `${base}/report.xlsx.pdf`,
      overview: `/api/years/${year}/report.xlsx`,
      'overview-pdf': `/api/years/${year}/report.xlsx.pdf`,
    };
    const url = `${paths[kind]}?${query}`;
    const fallbackName = `bao-cao-${year}${kind.endsWith('-pdf') ? '.pdf' : kind === 'summary' ? '.docx' : '.xlsx'}`;
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

  const texts = document.getElementById('report-texts-form');
  if (!texts) return;
  texts.addEventListener('submit', async (event) => {
    event.preventDefault();
    const done = texts.querySelector('[data-ok]');
    done.hidden = true;
    texts.querySelector('[data-error]').hidden = true;
    const result = await window.ThiDua.api('PUT', texts.dataset.api, {
      version: Number(texts.dataset.version),
      signerName: texts.signerName.value,
      strengths: texts.strengths.value,
      shortcomings: texts.shortcomings.value,
    }).catch(() => ({ ok: false, data: { message: 'Mất kết nối tới máy chủ. Hãy kiểm tra mạng rồi thử lại.' } }));
    if (!result.ok) {
      window.ThiDua.showErrors(texts, result.data, 'Không lưu được nội dung; hãy thử lại.');
      return;
    }
    window.ThiDua.showErrors(texts, { errors: {} }, '');
    texts.querySelector('[data-error]').hidden = true;
    texts.dataset.version = String(result.data.version);
    done.textContent = 'Đã lưu: báo cáo tổng kết tải từ bây giờ in nội dung này.';
    done.hidden = false;
  });
});
