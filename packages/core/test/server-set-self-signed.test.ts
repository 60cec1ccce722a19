import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrangeServerSet, checkInstallSet, type PrivateKey, readCertificates, readPrivateKey } from '../src/index.js';
import { makeScratch, type Scratch } from './csr-openssl.js';

// OVOC's default server set is self-signed: server.crt is its own root. Pinning it is the user's
// intent, so arranging and checking such a set must not refuse the leaf for being a trust anchor.
const keyFile = join(import.meta.dirname, '..', '..', '..', 'test-vectors', 'keys', 'test-rsa-2048.key');

let scratch: Scratch;
let key: PrivateKey;
let certificate: Uint8Array;

beforeAll(async () => {
  scratch = await makeScratch();
  const keyPem = await readFile(keyFile, 'utf8');
  await scratch.write('server.key', keyPem);
  key = (await readPrivateKey(keyPem)).key;
  await scratch.openssl(
    'req',
    '-x509',
    '-key',
    'server.key',
    '-subj',
    '/CN=ovoc.example.com',
    '-addext',
    'subjectAltName=DNS:ovoc.example.com',
    '-days',
    '365',
    '-out',
    'self.crt',
  );
  [certificate] = await readCertificates(await scratch.read('self.crt'));
});
afterAll(() => scratch?.remove());

describe('a self-signed server certificate', () => {
  it('arranges as its own root, valid', async () => {
    const set = await arrangeServerSet({ certificates: [certificate as Uint8Array], key });
    expect(set.valid).toBe(true);
    expect(set.problems).toEqual([]);
    expect(set.root).toEqual(set.server);
    expect(set.intermediates).toEqual([]);
  });

  it('passes the install check as root.crt and server.crt', async () => {
    const check = await checkInstallSet({
      certificates: { 'root.crt': await scratch.read('self.crt'), 'server.crt': await scratch.read('self.crt') },
      key,
    });
    expect(check.certificates.map((entry) => entry.name)).toEqual(['root.crt', 'server.crt']);
  });
});
