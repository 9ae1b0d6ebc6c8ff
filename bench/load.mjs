#!/usr/bin/env node
/**
 * A small HTTP/1.1 load generator: N keep-alive connections, each sending one GET after another
 * for a fixed time, on raw sockets (node:http's client costs more CPU than the servers measured,
 * and client and server share the machine's cores).
 *
 *   node bench/load.mjs --url http://127.0.0.1:3000/api/health --connections 20 --seconds 5
 *        [--warmup 1] [--header "authorization: Bearer …"]
 *
 * Requests answered during the warm-up are not counted. After the time is up no request is sent,
 * and the ones in flight are awaited (not counted): the server is idle again when this ends.
 * Prints one JSON line: 2xx answers (requests, rps, latency percentiles in ms, bytes), then the
 * other answers by status, and socket errors.
 */
import net from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    connections: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    header: { type: 'string', multiple: true, default: [] },
  },
});
const url = new URL(values.url);
const connections = Number(values.connections);
const warmupMs = Number(values.warmup) * 1000;
const measureMs = Number(values.seconds) * 1000;
const request = Buffer.from(
  [
    `GET ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    'Connection: keep-alive',
    ...values.header,
    '',
    '',
  ].join('\r\n'),
);

const start = performance.now();
const measureFrom = start + warmupMs;
const stopAt = measureFrom + measureMs;
const latencies = [];
let non2xx = 0;
const statuses = {};
let errors = 0;
let bytes = 0;

/** Length of a complete response at the start of buf, or -1 while more bytes are needed. */
function responseLength(buf) {
  const headerEnd = buf.indexOf('\r\n\r\n');
  if (headerEnd < 0) return -1;
  const head = buf.toString('latin1', 0, headerEnd);
  const bodyStart = headerEnd + 4;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) {
    const end = bodyStart + Number(length[1]);
    return buf.length >= end ? end : -1;
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    let at = bodyStart;
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', at);
      if (lineEnd < 0) return -1;
      const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
      if (size === 0) {
        const end = buf.indexOf('\r\n', lineEnd + 2); // no trailers expected: "0\r\n\r\n"
        return end < 0 ? -1 : end + 2;
      }
      at = lineEnd + 2 + size + 2;
      if (at > buf.length) return -1;
    }
  }
  return bodyStart; // no body (204, 304)
}

function connection() {
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    socket.setNoDelay(true);
    let pending = Buffer.alloc(0);
    let sentAt = 0;
    const send = () => {
      if (performance.now() >= stopAt) {
        socket.end();
        return resolve();
      }
      sentAt = performance.now();
      socket.write(request);
    };
    socket.on('connect', send);
    socket.on('data', (chunk) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const end = responseLength(pending);
      if (end < 0) return;
      const done = performance.now();
      // Counted when answered within the measured window, wherever it was sent: a slow route with
      // requests queued behind each other still shows its throughput.
      // Only 2xx answers count as throughput; others (a 503 shed under overload) are tallied apart.
      if (done >= measureFrom && done <= stopAt) {
        const status = Number(pending.toString('latin1', 9, 12));
        if (status >= 200 && status <= 299) {
          latencies.push(done - sentAt);
          bytes += end;
        } else {
          non2xx += 1;
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }
      pending = pending.subarray(end);
      send();
    });
    socket.on('error', () => {
      errors += 1;
      resolve();
    });
    socket.on('close', () => resolve());
  });
}

await Promise.all(Array.from({ length: connections }, connection));
latencies.sort((a, b) => a - b);
const at = (p) =>
  latencies.length === 0 ? null : latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
console.log(
  JSON.stringify({
    requests: latencies.length,
    rps: latencies.length / (measureMs / 1000),
    p50: at(0.5),
    p99: at(0.99),
    max: latencies.at(-1) ?? null,
    non2xx,
    statuses,
    errors,
    bytes,
  }),
);
