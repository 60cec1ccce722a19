import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_AREAS, ERROR_CATALOGUE, exitCodeOf } from '../../packages/core/src/error-codes/catalogue.js';
import { renderErrorTables } from '../../scripts/docs/error-tables.mjs';

const root = join(import.meta.dirname, '..', '..');
const CODE = /['`"]((?:ERR|WARN|LINT)_[A-Z0-9_]*[A-Z0-9])['`"]/g;

async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(path)));
    else if (entry.name.endsWith('.ts')) files.push(path);
  }
  return files;
}

/** Every code the packages' sources name, outside the catalogue itself. */
async function codesInSources(): Promise<Set<string>> {
  const codes = new Set<string>();
  for (const name of await readdir(join(root, 'packages'))) {
    const src = join(root, 'packages', name, 'src');
    const files = await sourceFiles(src).catch(() => []);
    for (const file of files.filter((path) => !path.includes(`${join('src', 'error-codes')}`))) {
      for (const match of (await readFile(file, 'utf8')).matchAll(CODE)) {
        const code = match[1] as string;
        // OpenSSL's own codes, as Node reports them, are not ours.
        if (!code.startsWith('ERR_OSSL_') && !code.startsWith('ERR_SSL_')) codes.add(code);
      }
    }
  }
  return codes;
}

describe('the error catalogue', () => {
  it('has each code in one area only', () => {
    const perArea = Object.values(ERROR_AREAS).reduce((sum, codes) => sum + Object.keys(codes).length, 0);
    expect(Object.keys(ERROR_CATALOGUE)).toHaveLength(perArea);
  });

  it('names every code the sources use, and the sources use every code it names', async () => {
    const used = await codesInSources();
    const catalogued = new Set(Object.keys(ERROR_CATALOGUE));
    expect(
      [...used].filter((code) => !catalogued.has(code)),
      'codes missing from the catalogue',
    ).toEqual([]);
    expect(
      [...catalogued].filter((code) => !used.has(code)),
      'catalogue codes no source uses',
    ).toEqual([]);
  });

  it('gives an error its exit code, and 70 to anything else', () => {
    expect(exitCodeOf('ERR_KEY_BAD_PASSPHRASE')).toBe(3);
    expect(exitCodeOf('ERR_OUTPUT_EXISTS')).toBe(2);
    expect(exitCodeOf('ERR_DEVICE_TIMEOUT')).toBe(4);
    expect(exitCodeOf('WARN_ALLOW_WEAK')).toBe(70);
    expect(exitCodeOf('ERR_NOT_A_CODE')).toBe(70);
  });
});

describe('docs/errors.md', () => {
  it('holds the tables the catalogue generates (npm run docs:errors), exit column included', async () => {
    const docs = await readFile(join(root, 'docs', 'errors.md'), 'utf8');
    expect(docs, 'docs/errors.md is stale: run npm run docs:errors').toBe(renderErrorTables(docs, ERROR_CATALOGUE));
  });

  it('mentions no code the catalogue lacks', async () => {
    const docs = await readFile(join(root, 'docs', 'errors.md'), 'utf8');
    const mentioned = [...docs.matchAll(CODE)].map((match) => match[1] as string);
    expect(mentioned.filter((code) => !(code in ERROR_CATALOGUE))).toEqual([]);
  });
});
