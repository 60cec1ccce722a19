import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describe, expect, test } from 'vitest';
import { packedFiles, publishedPackages, repoRoot } from './published-packages.js';

const packages = publishedPackages();
const license = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');

test('the published packages are found', () => {
  expect(packages.map((pkg) => pkg.json.name)).toEqual(
    expect.arrayContaining([
      '@certwright/core',
      '@certwright/device-push',
      '@certwright/device-sim',
      '@certwright/cli',
    ]),
  );
});

describe.each(packages)('$json.name', ({ dir, json }) => {
  test('its tarball holds the licence, a README, the entries and declarations, and nothing built for us alone', async () => {
    const files = await packedFiles(dir);
    expect(files).toEqual(
      expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.cjs']),
    );
    expect(files.filter((path) => /tsbuildinfo|\.map$|(^|\/)(src|test)\//.test(path))).toEqual([]);

    const esmTypes = files.filter((path) => path.startsWith('dist/types/'));
    const cjsTypes = files.filter((path) => path.startsWith('dist/types-cjs/') && path.endsWith('.d.ts'));
    expect(esmTypes).toContain('dist/types/index.d.ts');
    expect(cjsTypes.map((path) => path.replace('dist/types-cjs/', 'dist/types/'))).toEqual(esmTypes);
    expect(files).toContain('dist/types-cjs/package.json');

    // A declaration whose source is gone (a renamed file) is stale build output, not API.
    const orphans = esmTypes.filter((path) => {
      const source = join(repoRoot, dir, 'src', path.replace('dist/types/', '').replace(/\.d\.ts$/, '.ts'));
      try {
        readFileSync(source);
        return false;
      } catch {
        return true;
      }
    });
    expect(orphans, 'stale declarations: run npm run build').toEqual([]);

    // Nothing points at files that are not shipped, and no test-only hook rides along.
    const code = files.filter((file) => /\.(d\.ts|js|cjs)$/.test(file));
    const read = (path: string) => readFileSync(join(repoRoot, dir, path), 'utf8');
    expect(code.filter((path) => /sourceMappingURL=/.test(read(path)))).toEqual([]);
    expect(code.filter((path) => /CERTWRIGHT_TEST|TEST_ONLY|certwright-test:/.test(read(path)))).toEqual([]);
  });

  test('its LICENSE is the repository licence, Apache-2.0 as package.json says', () => {
    expect(json.license).toBe('Apache-2.0');
    expect(readFileSync(join(repoRoot, dir, 'LICENSE'), 'utf8')).toBe(license);
    expect(license).toContain('Apache License');
    expect(license).toContain('Version 2.0, January 2004');
  });

  test('npm users can reach the source, the docs and the issues; Node 20 or later', () => {
    expect(json.repository).toMatchObject({ type: 'git', directory: dir });
    expect(json.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(json.homepage).toMatch(/^https:\/\//);
    expect(json.bugs?.url).toMatch(/^https:\/\//);
    expect(json.engines?.node).toBe('>=20');
  });

  test('its exports serve both import and require, each with declarations of its own format', () => {
    expect(json.exports?.['.']).toEqual({
      import: { types: './dist/types/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/types-cjs/index.d.ts', default: './dist/index.cjs' },
    });
    expect(json.main).toBe('./dist/index.cjs');
    const marker = JSON.parse(readFileSync(join(repoRoot, dir, 'dist/types-cjs/package.json'), 'utf8'));
    expect(marker).toEqual({ type: 'commonjs' });
  });

  test('its README says what the package does', () => {
    const readme = readFileSync(join(repoRoot, dir, 'README.md'), 'utf8');
    expect(readme).toMatch(new RegExp(`^# ${json.name.replace('/', '\\/')}\\n`));
    expect(readme).not.toMatch(/not implemented/i);
    expect(readme.length).toBeGreaterThan(400);
  });

  test('publint finds nothing, not even a suggestion', async () => {
    const pkgDir = join(repoRoot, dir);
    const { messages } = await publint({ pkgDir, strict: true, level: 'suggestion' });
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
  });
});
