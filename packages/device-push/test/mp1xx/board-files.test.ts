import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { mp1xxBoardFiles } from '../../src/mp1xx/board-files.js';
import { mp1xxIni } from '../../src/mp1xx/ini.js';
import { canonicalAddress, resolveTargets } from '../../src/mp1xx/targets.js';
import { labCa, leaf } from './fixtures.js';

const run = promisify(execFile);

describe('MP-1xx board files and ini', () => {
  it('builds the incremental ini with verification, the timeout, QoE over TLS and the file URLs', () => {
    const ini = mp1xxIni({
      keyPassphrase: 'p4ss',
      urls: { certificate: 'https://h/c.pem', privateKey: 'https://h/k.pem', root: 'https://h/r.pem' },
    });
    // SetDefaultOnINIFileProcess = 0 comes first: without it the device resets every parameter the file does not list.
    expect(ini.split('\n').filter((line) => line !== '' && !line.startsWith(';'))).toEqual([
      'SetDefaultOnINIFileProcess = 0',
      'AUPDCheckIfIniChanged = 1',
      'AUPDVerifyCertificates = 1',
      'ServerRespondTimeout = 10000',
      'QOEEnableTLS = 1',
      "TLSCertFileUrl = 'https://h/c.pem'",
      "TLSPkeyFileUrl = 'https://h/k.pem'",
      "TLSRootFileUrl = 'https://h/r.pem'",
      "TLSPkeyPassphrase = 'p4ss'",
    ]);
    expect(ini.endsWith('\n')).toBe(true);
    expect(mp1xxIni({ keyPassphrase: 'p', qoeTls: false })).not.toContain('QOEEnableTLS');
  });

  it('refuses a value the ini format cannot quote', () => {
    expect(() => mp1xxIni({ keyPassphrase: "it's" })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    expect(() => mp1xxIni({ keyPassphrase: 'a;b' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });

  it('encrypts the key with the passphrase only the ini carries, and OpenSSL reads both', async () => {
    const ca = await labCa();
    const board = await leaf(ca, 'board', ['dns:board.example.com']);
    const { files } = await mp1xxBoardFiles({
      certificatePem: board.certificatePem,
      key: board.key,
      rootPem: ca.root.certificatePem,
    });
    expect(files.map((file) => [file.name, file.secret])).toEqual([
      ['certwright.ini', true],
      ['board_cert.pem', false],
      ['board_pkey.pem', true],
      ['root.pem', false],
    ]);
    const keyPem = files[2]?.data as string;
    expect(keyPem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    const passphrase = /TLSPkeyPassphrase = '([^']+)'/.exec(files[0]?.data as string)?.[1] as string;
    const dir = await mkdtemp(join(tmpdir(), 'mp1xx-'));
    try {
      await writeFile(join(dir, 'board_pkey.pem'), keyPem);
      await writeFile(join(dir, 'board_cert.pem'), files[1]?.data as string);
      await writeFile(join(dir, 'pass'), passphrase);
      const fromKey = await run('openssl', [
        'pkey',
        '-in',
        join(dir, 'board_pkey.pem'),
        '-passin',
        `file:${join(dir, 'pass')}`,
        '-pubout',
      ]);
      const fromCert = await run('openssl', ['x509', '-in', join(dir, 'board_cert.pem'), '-noout', '-pubkey']);
      expect(fromKey.stdout).toBe(fromCert.stdout);
      await writeFile(join(dir, 'pass'), 'wrong');
      await expect(
        run('openssl', ['pkey', '-in', join(dir, 'board_pkey.pem'), '-passin', `file:${join(dir, 'pass')}`]),
      ).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('MP-1xx targets', () => {
  it('keeps IP literals (bracketed IPv6 too) and resolves host names once', async () => {
    expect(
      await resolveTargets([
        { name: 'a', host: '127.0.0.1' },
        { name: 'b', host: '[::1]' },
        { name: 'c', host: 'localhost' },
      ]),
    ).toEqual([
      { name: 'a', addresses: ['127.0.0.1'] },
      { name: 'b', addresses: ['::1'] },
      { name: 'c', addresses: expect.arrayContaining([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]) },
    ]);
    expect(canonicalAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    await expect(resolveTargets([{ name: 'x', host: 'no-such-host.invalid' }])).rejects.toMatchObject({
      code: 'ERR_DEVICE_ADDRESS_UNRESOLVED',
    });
  });
});
