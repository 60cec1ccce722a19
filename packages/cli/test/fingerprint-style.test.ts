import { createHash } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceProbeText } from '../src/actions/device/probe.js';
import { deviceStatusText } from '../src/actions/device/status.js';
import { cli, openssl, tempDir } from './helpers.js';

/**
 * One fingerprint style across the CLI's text output: colon-separated upper-case hex, the
 * 32 pairs OpenSSL's `x509 -fingerprint -sha256` prints. No command shows plain or cut-short hex.
 */
const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const chain = join(vectors, 'chains', 'rsa-two-intermediates');
const COLONS = /\b(?:[0-9A-F]{2}:){31}[0-9A-F]{2}\b/g;
/** Plain hex of 16 digits or more (a digest without colons), or a digest cut short with an ellipsis. */
const OTHER_STYLES = /\b[0-9a-fA-F]{16,}\b|[0-9a-fA-F]{8,}…/;

let dir: string;
let cleanup: () => Promise<void>;
let serverFingerprint: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  for (const name of ['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt'])
    await copyFile(join(chain, name), join(dir, name));
  await copyFile(join(vectors, 'keys', 'test-rsa-2048.key'), join(dir, 'server.key'));
  await copyFile(join(vectors, 'csrs', 'rsa-all-san-kinds', 'request.csr'), join(dir, 'request.csr'));
  await writeFile(join(dir, 'pass.txt'), 'board pass\n');
  await writeFile(join(dir, 'store-pass.txt'), 'store pass\n');
  // OpenSSL's own rendering of the server certificate's fingerprint: the style every command must match.
  const printed = await openssl(dir, ['x509', '-in', 'server.crt', '-noout', '-fingerprint', '-sha256']);
  serverFingerprint = printed.trim().replace(/^.*=/, '');
});
afterAll(() => cleanup());

function expectOneStyle(text: string): string[] {
  expect(text).not.toMatch(OTHER_STYLES);
  const found = text.match(COLONS) ?? [];
  expect(found.length).toBeGreaterThan(0);
  return found;
}

describe('every command that prints a fingerprint prints it colon-separated, upper case', () => {
  it.each([
    ['inspect', ['inspect', 'server.crt']],
    ['convert', ['convert', 'server.crt', '--to', 'pem', '--out', 'converted.pem']],
    ['truststore create', ['truststore', 'create', '--format', 'pem', '--out', 'roots.pem', 'root.crt', 'server.crt']],
    [
      'keystore create',
      [
        'keystore',
        'create',
        '--format',
        'p12',
        '--key',
        'server.key',
        '--cert',
        'server.crt',
        '--chain',
        'ca2.crt',
        '--out',
        'server.p12',
        '--storepass-file',
        'store-pass.txt',
      ],
    ],
  ])('%s', async (_name, argv) => {
    const { code, stdout, stderr } = await cli(dir, argv);
    expect(code, stderr).toBe(0);
    expect(expectOneStyle(stdout + stderr)).toContain(serverFingerprint);
  });

  it('truststore list', async () => {
    const { code, stdout } = await cli(dir, ['truststore', 'list', 'roots.pem']);
    expect(code).toBe(0);
    expect(expectOneStyle(stdout)).toContain(serverFingerprint);
  });

  it('csr show', async () => {
    const { code, stdout } = await cli(dir, ['csr', 'show', 'request.csr']);
    expect(code).toBe(0);
    const der = Buffer.from(
      (await readFile(join(dir, 'request.csr'), 'utf8')).replace(/-----[^-]+-----|\s/g, ''),
      'base64',
    );
    const expected = createHash('sha256')
      .update(der)
      .digest('hex')
      .toUpperCase()
      .replace(/(..)(?!$)/g, '$1:');
    expect(expectOneStyle(stdout)).toContain(expected);
  });

  it('ca init and ca sign', async () => {
    const init = await cli(dir, [
      'ca',
      'init',
      '--out-dir',
      'lab-ca',
      '--type',
      'ec',
      '--intermediates',
      '0',
      '--no-encrypt',
    ]);
    expect(init.code, init.stderr).toBe(0);
    const signed = await cli(dir, ['ca', 'sign', '--ca-dir', 'lab-ca', '--csr', 'request.csr', '--out', 'signed.crt']);
    expect(signed.code, signed.stderr).toBe(0);
    const printed = await openssl(dir, ['x509', '-in', 'signed.crt', '-noout', '-fingerprint', '-sha256']);
    expect(expectOneStyle(signed.stdout)).toContain(printed.trim().replace(/^.*=/, ''));
  });

  it('device files', async () => {
    const { code, stderr } = await cli(dir, [
      'device',
      'files',
      '--from',
      '.',
      '--key',
      'server.key',
      '--out-dir',
      'board',
      '--out-passphrase-file',
      'pass.txt',
    ]);
    expect(code, stderr).toBe(0);
    expect(expectOneStyle(stderr)).toContain(serverFingerprint);
  });

  // The device client reports served certificates as plain hex; status and probe render them.
  const plain = serverFingerprintPlain();
  it('device status', () => {
    const text = deviceStatusText({
      exitCode: 0,
      devices: [
        {
          name: 'sbc-1',
          host: '127.0.0.1',
          port: 443,
          profile: 'mediant',
          reachable: true,
          servedFingerprint: plain(),
          servedNotAfter: '2030-12-31T00:00:00.000Z',
          trusted: true,
          parameters: {},
          errors: [],
        },
      ],
    });
    expect(expectOneStyle(text)).toContain(serverFingerprint);
  });

  it('device probe', () => {
    const text = deviceProbeText({
      device: {
        name: 'sbc-1',
        served: {
          fingerprint: plain(),
          subject: 'CN=sbc-1',
          issuer: 'CN=sbc-1',
          selfSigned: true,
          protocol: 'TLSv1.3',
          trusted: true,
        },
        observed: {},
        matches: [],
        unobservable: [],
        errors: [],
      },
    });
    expect(expectOneStyle(text)).toContain(serverFingerprint);
  });
});

/** The server certificate's fingerprint as plain lower-case hex, known once beforeAll ran. */
function serverFingerprintPlain(): () => string {
  return () => serverFingerprint.replaceAll(':', '').toLowerCase();
}
