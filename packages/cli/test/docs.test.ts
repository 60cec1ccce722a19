import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every stable code the sources raise, as string literals (Node's own ERR_OSSL_* codes, which core inspects, aside). */
async function codesInSources(): Promise<Set<string>> {
  const codes = new Set<string>();
  for (const dir of ['packages/core/src', 'packages/deploy/src', 'packages/cli/src', 'packages/device-push/src']) {
    for (const file of await sourceFiles(join(root, dir))) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/['`]((?:ERR|WARN|LINT)_[A-Z0-9_]*[A-Z0-9])['`]/g)) {
        const code = match[1] as string;
        if (!code.startsWith('ERR_OSSL_')) codes.add(code);
      }
    }
  }
  return codes;
}

describe('docs/errors.md', () => {
  it('lists every error, warning and lint code the sources use', async () => {
    const docs = await readFile(join(root, 'docs/errors.md'), 'utf8');
    const codes = await codesInSources();
    expect(codes.size).toBeGreaterThan(30);
    const undocumented = [...codes].filter((code) => !docs.includes(`\`${code}\``));
    expect(undocumented).toEqual([]);
  });
});
