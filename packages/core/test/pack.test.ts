import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** @certwright/core as a user gets it: packed, installed into a fresh project, used from plain JavaScript. */
describe('@certwright/core as a packed package', () => {
  let project: string;
  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'certwright-pack-'));
    await run('npm', ['pack', '--pack-destination', project, '--silent'], { cwd: packageDir });
    const tarball = (await readdir(project)).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack made no tarball');
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${tarball}`], { cwd: project });
  }, 180_000);
  afterAll(() => rm(project, { recursive: true, force: true }));

  it('imports without side effects, then makes a key and a CSR from plain JavaScript', async () => {
    const script = `
      import * as core from '@certwright/core';
      // Importing must do no work: reflect-metadata (needed by @peculiar/x509) is not loaded yet.
      const polyfillLoadedAtImport = typeof Reflect.getMetadata === 'function';
      const key = await core.generateKey({ type: 'ec', curve: 'P-256' });
      const pem = await core.exportPrivateKeyPem(key, { passphrase: 'pack test' });
      const csr = await core.createCsr({ key, subject: { cn: 'pack.example.com' }, sans: [{ type: 'dns', value: 'pack.example.com' }] });
      const parsed = await core.parseCsr(csr.pem);
      const { writeFileSync } = await import('node:fs');
      writeFileSync('pack.key', pem);
      writeFileSync('pack.csr', csr.pem);
      console.log(JSON.stringify({
        polyfillLoadedAtImport,
        encrypted: pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----'),
        subject: parsed.subjectText,
        verified: await core.verifyCsr(parsed),
        errorClass: typeof core.CertwrightError,
      }));
    `;
    await writeFile(join(project, 'use.mjs'), script);
    const { stdout } = await run(process.execPath, ['use.mjs'], { cwd: project });
    // What the packed library wrote, the real openssl reads.
    await run('openssl', ['pkey', '-in', 'pack.key', '-passin', 'pass:pack test', '-noout'], { cwd: project });
    const request = await run('openssl', ['req', '-in', 'pack.csr', '-verify', '-noout', '-text'], { cwd: project });
    expect(request.stdout + request.stderr).toMatch(/verify OK/);
    expect(request.stdout).toContain('DNS:pack.example.com');
    expect(JSON.parse(stdout)).toEqual({
      polyfillLoadedAtImport: false,
      encrypted: true,
      subject: 'CN=pack.example.com',
      verified: true,
      errorClass: 'function',
    });
  });

  it('ships types and no tests or sources', async () => {
    const installed = join(project, 'node_modules', '@certwright', 'core');
    // One bundled module per module system, and the declaration files for each (types-cjs for require).
    expect((await readdir(join(installed, 'dist'))).sort()).toEqual(['index.cjs', 'index.js', 'types', 'types-cjs']);
    const types = await readdir(join(installed, 'dist', 'types'), { recursive: true });
    expect(types).toContain('index.d.ts');
    expect(types.some((name) => name.endsWith('.map'))).toBe(false);
    expect((await readdir(installed)).sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
  });
});
