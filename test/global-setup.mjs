/**
 * Before any suite: an up-to-date dist/ (built only when src/ changed since the last build). The
 * workbook import reads files in worker threads, which run the compiled
 * dist/imports/worker/workbook-worker.js, under jest too.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function globalSetup() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'built.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('nest build failed: the import worker (dist/) is not up to date');
}
