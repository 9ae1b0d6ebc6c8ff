#!/usr/bin/env node
/**
 * The reference server for the read measurements: bare node:http answering each captured path with
 * the bytes the app sent for it (status, headers, body), nothing computed.
 *
 *   node bench/ref-http.mjs CAPTURED.json   (prints {"port": N} once listening on 127.0.0.1)
 *
 * CAPTURED.json: { "/api/…": { "status": 200, "headers": { … }, "body": "<base64>" }, … }.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';

const captured = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const answers = new Map(
  Object.entries(captured).map(([path, { status, headers, body }]) => [
    path,
    { status, headers, body: Buffer.from(body, 'base64') },
  ]),
);

const server = http.createServer((request, response) => {
  const answer = answers.get(request.url);
  if (answer === undefined) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
