/**
 * A fingerprint of the running code: the SHA-256 of every compiled file of the app (names and
 * contents). Stored figures carry the fingerprint of the code that computed them and are used only
 * by the same code: they survive a restart, and a new version of the rules never serves figures
 * computed by an old one (nor two versions side by side each other's).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let computed: string | undefined;

/** The fingerprint of the code this module belongs to (dist/ when built, src/ under the tests), worked out on first use. */
export function codeVersion(): string {
  computed ??= fingerprint(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
  return computed;
}

/** The SHA-256 of the code files under `root`, in a fixed order; tests and declarations left out. */
export function fingerprint(root: string): string {
  const extension = path.extname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(extension) && !/\.(spec|d)\.[jt]s$/.test(file))
    .sort();
  for (const file of files) {
    hash.update(`${file.split(path.sep).join('/')}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}
