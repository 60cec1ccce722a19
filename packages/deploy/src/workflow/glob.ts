import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Expands paths whose last part may hold `*` and `?` (e.g. `ca-reply/*`), sorted; enough to
 * name "whatever the CA sent" without a glob library. A path without wildcards is kept when
 * it exists. Dot files are not matched, so temp files of an interrupted copy are left out.
 */
export async function expandPaths(cwd: string, patterns: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const folder = dirname(pattern);
    const name = basename(pattern);
    const entries = await readdir(resolve(cwd, folder), { withFileTypes: true }).catch(() => []);
    const matcher = toRegExp(name);
    for (const entry of entries) {
      if (entry.isFile() && !entry.name.startsWith('.') && matcher.test(entry.name)) {
        found.add(folder === '.' && !pattern.startsWith('./') ? entry.name : join(folder, entry.name));
      }
    }
  }
  return [...found].sort();
}

function toRegExp(name: string): RegExp {
  const source = [...name]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}
