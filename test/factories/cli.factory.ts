/**
 * Runs the built command-line tool (`node dist/cli.js`) as a user would, on a given SQLite file.
 * dist/ is built by jest's global setup (test/global-setup.mjs) when src/ changed.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: readonly string[],
  options: { cwd: string; sqlite: string; env?: Record<string, string> },
): CliRun {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      SQLITE_PATH: options.sqlite,
      REPORT_TEMPLATES_DIR: path.join(ROOT, 'templates/reports'),
      ...options.env,
    },
    timeout: 120_000,
  });
  if (process.env.DEBUG_CLI) {
    process.stderr.write(`${args.join(' ')} → ${result.status}\n${result.stdout}${result.stderr}\n`);
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
