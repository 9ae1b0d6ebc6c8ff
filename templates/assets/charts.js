// Thi đua — draws the charts whose data the page embeds (<script type="application/json" data-chart>).
'use strict';

const percent = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const number = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const font = { family: "'Be Vietnam Pro', 'Segoe UI', Arial, sans-serif" };

function draw(kind, data, canvas) {
  const common = { responsive: true, maintainAspectRatio: true, animation: false, locale: 'vi-VN' };
  if (kind === 'overview') {
    return new Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [
          { label: 'Hoàn thành xuất sắc (%)', data: data.excellent, backgroundColor: '#1b6e3a' },
          { label: 'Chỉ tiêu đạt (%)', data: data.targets, backgroundColor: '#1d5fa8' },
        ],
      },
      options: {
        ...common,
        scales: { y: { beginAtZero: true, max: 100, ticks: { callback: (v) => `${v}%` } } },
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${percent.format(c.parsed.y)}%` } } },
      },
    });
  }
  if (kind === 'totals') {
    return new Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [{ label: 'Tổng điểm', data: data.totals, backgroundColor: data.colours }],
      },
      options: {
        ...common,
        indexAxis: 'y',
        scales: { x: { beginAtZero: true, suggestedMax: data.max } },
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => number.format(c.parsed.x) } } },
      },
    });
  }
  if (kind === 'trend') {
    return new Chart(canvas, {
      type: 'line',
      data: {
        labels: data.map((d) => String(d.year)),
        datasets: [
          {
            label: 'Hoàn thành xuất sắc (%)',
            data: data.map((d) => d.excellent),
            borderColor: '#1b6e3a',
            backgroundColor: '#1b6e3a',
          },
          {
            label: 'Chỉ tiêu đạt (%)',
            data: data.map((d) => d.targets),
            borderColor: '#1d5fa8',
            backgroundColor: '#1d5fa8',
          },
        ],
      },
      options: {
        ...common,
        scales: { y: { beginAtZero: true, max: 100, ticks: { callback: (v) => `${v}%` } } },
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${percent.format(c.parsed.y)}%` } } },
      },
    });
  }
  return null;
}

document.addEventListener('DOMContentLoaded', () => {
  if (typeof Chart === 'undefined') return;
  Chart.defaults.font = { ...Chart.defaults.font, ...font };
  for (const script of document.querySelectorAll('script[data-chart]')) {
    const canvas = script.parentElement.querySelector('canvas');
    if (!canvas) continue;
    draw(script.dataset.chart, JSON.parse(script.textContent), canvas);
    canvas.dataset.drawn = 'true';
  }
});
