import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCsr, generateKey, keyMatchesCertificate, validateChain } from '@certwright/core';
import { describe, expect, it } from 'vitest';
import { deviceNames } from '../../src/enroll/device-names.js';
import { signDeviceCsr } from '../../src/enroll/sign-device-csr.js';
import { labCa } from '../mp1xx/fixtures.js';

const run = promisify(execFile);

describe('signDeviceCsr', () => {
  it('adds the device names as SANs to a CSR that has none, and OpenSSL verifies the result', async () => {
    const ca = await labCa();
    const deviceKey = await generateKey({ type: 'rsa', bits: 2048 });
    const csr = await createCsr({ key: deviceKey, subject: { cn: 'sbc-1.example.com', o: 'Example' } });
    expect(csr.sans).toEqual([]);
    const certificate = await signDeviceCsr({
      csrPem: csr.pem,
      addNames: deviceNames('192.0.2.10', 'sbc-1.example.com'),
      issuerCertificatePem: ca.root.certificatePem,
      issuerKey: ca.root.key,
    });
    expect(certificate.sans).toEqual([
      { type: 'ip', value: '192.0.2.10' },
      { type: 'dns', value: 'sbc-1.example.com' },
    ]);
    expect(await keyMatchesCertificate(deviceKey, certificate.pem)).toBe(true);
    const checked = await validateChain({
      leaf: certificate.pem,
      trustAnchors: [ca.root.certificatePem],
      purpose: 'server',
      ip: '192.0.2.10',
    });
    expect(checked.problems).toEqual([]);
    const dir = await mkdtemp(join(tmpdir(), 'enroll-'));
    try {
      await writeFile(join(dir, 'device.pem'), certificate.pem);
      await writeFile(join(dir, 'root.pem'), ca.root.certificatePem);
      const text = await run('openssl', ['x509', '-in', join(dir, 'device.pem'), '-noout', '-text']);
      expect(text.stdout).toContain('IP Address:192.0.2.10, DNS:sbc-1.example.com');
      expect(text.stdout).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
      const verified = await run('openssl', [
        'verify',
        '-CAfile',
        join(dir, 'root.pem'),
        '-purpose',
        'sslclient',
        join(dir, 'device.pem'),
      ]);
      expect(verified.stdout).toContain('OK');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a CA key that is not the issuer certificate’s', async () => {
    const ca = await labCa();
    const other = await generateKey({ type: 'ec', curve: 'P-256' });
    const csr = await createCsr({ key: other, subject: { cn: 'device' } });
    await expect(
      signDeviceCsr({ csrPem: csr.pem, addNames: [], issuerCertificatePem: ca.root.certificatePem, issuerKey: other }),
    ).rejects.toMatchObject({ code: 'ERR_KEY_MISMATCH' });
  });

  it('names a host name as DNS and an address as IP, and keeps a CN that is a host name', () => {
    expect(deviceNames('sbc-1.example.com')).toEqual([{ type: 'dns', value: 'sbc-1.example.com' }]);
    expect(deviceNames('[::1]', 'Mediant SBC')).toEqual([{ type: 'ip', value: '::1' }]);
    expect(deviceNames('10.0.0.5', '10.0.0.5')).toEqual([{ type: 'ip', value: '10.0.0.5' }]);
  });
});
