// Thi đua — downloads made by script (the Excel pages): read a response's body piece by piece to
// show progress, then save it under the name the server gave (Content-Disposition).
'use strict';

(() => {
  const size = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

  /** 1536 → "1,5 KB"; 3 145 728 → "3 MB". */
  function formatBytes(bytes) {
    if (bytes < 1024) return `${size.format(bytes)} byte`;
    if (bytes < 1024 * 1024) return `${size.format(bytes / 1024)} KB`;
    return `${size.format(bytes / (1024 * 1024))} MB`;
  }

  /** The file name of an attachment (filename*=UTF-8''… first, then filename="…"). */
  function fileNameOf(response, fallback) {
    const header = response.headers.get('content-disposition') || '';
    const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
    if (star) {
      try {
        return decodeURIComponent(star[1].trim());
      } catch {
        // fall through to the plain name
      }
    }
    const plain = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;\s]+)/i.exec(header);
    return (plain && (plain[1] || plain[2])) || fallback;
  }

  /** The body as a Blob, calling onProgress(received, total or null) as it arrives. */
  async function readBody(response, onProgress) {
    const type = response.headers.get('content-type') || 'application/octet-stream';
    const length = Number(response.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : null;
    if (!response.body || !response.body.getReader) return response.blob();
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onProgress(received, total);
    }
    return new Blob(chunks, { type });
  }

  /** Offers a Blob to the user as a download named `name`. */
  function saveBlob(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  /** The API's error body ({ message, errors, problems… }) or null when the answer is not JSON. */
  async function errorBody(response) {
    try {
      const text = await response.text();
      return text ? JSON.parse(text) : null;
    } catch {
      return null;
    }
  }

  /** A refusal in Vietnamese: the API's message, with when to try again for a 503. */
  function refusalMessage(response, data, fallback) {
    const message = (data && data.message) || fallback;
    if (response.status !== 503) return message;
    const seconds = Number(response.headers.get('retry-after'));
    const wait = Number.isFinite(seconds) && seconds > 0 ? `${seconds} giây` : 'ít phút';
    if (data && data.code === 'IMPORT_BUSY') {
      return `Máy chủ đang đọc nhiều tệp cùng lúc. Hãy thử lại sau ${wait}.`;
    }
    return `${message} Hãy thử lại sau ${wait}.`;
  }

  window.ThiDuaExcel = { formatBytes, fileNameOf, readBody, saveBlob, errorBody, refusalMessage };
})();
