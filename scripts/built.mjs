#!/usr/bin/env node
/**
 * Runs a compiled entry point, building first only when the sources changed since the last build.
 *
 *   node scripts/built.mjs [--force] [ENTRY [ARGS…]]
 *
 * `npm ci` builds once (the `prepare` script); `npm start`, `npm run cli`, `seed:demo` and the
 * `migration:*` scripts then start at once. The build's inputs (every non-test file under src/
 * and the build configs, by path, size and modification time) are fingerprinted into
 * dist/.build-stamp; when the fingerprint differs, or with --force, `nest build` runs first.
 * Without ENTRY it only builds (when needed). ENTRY is a file under dist/ (cli.js, main.js).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.build-stamp');
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.spec\.ts$/.test(entry.name) ? [] : [file];
  });
}

/** Path, size and modification time of every input of the build, hashed. */
function fingerprint() {
  const files = [...sourceFiles(path.join(root, 'src')), ...CONFIGS.map((f) => path.join(root, f))]
    .filter((file) => existsSync(file))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${path.relative(root, file)}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex');
}

function isFresh(current) {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === current;
}

function build() {
  const nest = path.join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  if (!existsSync(nest)) {
    // Installed without the dev dependencies (npm ci --omit=dev): keep a build that exists.
    if (existsSync(path.join(dist, 'main.js'))) return;
    process.stderr.write('Không có bản biên dịch (dist/) và không có @nestjs/cli để biên dịch: chạy npm ci.\n');
    process.exit(1);
  }
  const before = fingerprint();
  process.stderr.write('Đang biên dịch (nest build)…\n');
  const result = spawnSync(process.execPath, [nest, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // A source saved during the build leaves a stamp that does not match, so the next run builds again.
  writeFileSync(stampFile, `${before}\n`);
}

const args = process.argv.slice(2);
const force = args[0] === '--force';
if (force) args.shift();
if (force || !isFresh(fingerprint())) build();

const [entry, ...rest] = args;
if (entry !== undefined) {
  const child = spawn(process.execPath, [path.join(dist, entry), ...rest], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
  });
}
