import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCertificates, FormatError, readCertificates } from '../src/index.js';
import type { Scratch } from './csr-openssl.js';
import { makeFormatFixtures } from './formats-fixtures.js';

const run = promisify(execFile);
let scratch: Scratch;
let chain: Uint8Array[];
let subjects: string[];

beforeAll(async () => {
  scratch = await makeFormatFixtures();
  chain = await readCertificates(await scratch.read('chain.pem'));
  subjects = [];
  for (const index of [0, 1, 2]) {
    const printed = await scratch.openssl('x509', '-in', `cert${index}.pem`, '-noout', '-subject');
    subjects.push(printed.trim().slice('subject='.length));
  }
});
afterAll(() => scratch.remove());

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    return (error as FormatError).code;
  }
  throw new Error('expected a FormatError');
}

async function printedSubjects(args: string[]): Promise<string[]> {
  const printed = await scratch.openssl(...args);
  return [...printed.matchAll(/^subject=(.*)$/gm)].map((match) => match[1] as string);
}

describe('encodeCertificates', () => {
  it('PEM: one CERTIFICATE block each, in order; openssl reads every block back', async () => {
    const pem = encodeCertificates(chain, 'pem');
    expect(pem).toBe(await scratch.readText('chain.pem'));
    await scratch.write('out.pem', pem);
    await scratch.openssl('crl2pkcs7', '-nocrl', '-certfile', 'out.pem', '-out', 'out-pem.p7');
    expect(await printedSubjects(['pkcs7', '-in', 'out-pem.p7', '-print_certs', '-noout'])).toEqual(subjects);
  });

  it('DER: exactly one certificate, which openssl x509 -inform DER reads', async () => {
    await scratch.write('out.der', encodeCertificates(chain.slice(0, 1), 'der'));
    const printed = await scratch.openssl('x509', '-inform', 'DER', '-in', 'out.der', '-noout', '-subject');
    expect(printed.trim()).toBe(`subject=${subjects[0]}`);
    expect(codeOf(() => encodeCertificates(chain, 'der'))).toBe('ERR_FORMAT_DER_SINGLE_CERTIFICATE');
  });

  it.each([
    ['p7b', 'DER'],
    ['p7b-pem', 'PEM'],
  ] as const)('%s: openssl pkcs7 -print_certs lists the chain in our order', async (to, inform) => {
    await scratch.write(`out-${to}`, encodeCertificates(chain, to));
    const args = ['pkcs7', '-inform', inform, '-in', `out-${to}`, '-print_certs', '-noout'];
    expect(await printedSubjects(args)).toEqual(subjects);
    expect(await readCertificates(await scratch.read(`out-${to}`))).toEqual(chain);
  });

  it('p7b: Java 17 keytool -printcert reads the bundle', async () => {
    await scratch.write('java.p7b', encodeCertificates(chain, 'p7b'));
    const { stdout } = await run('keytool', ['-printcert', '-file', 'java.p7b'], {
      cwd: scratch.path,
      timeout: 60_000,
    });
    expect(stdout.match(/^Certificate\[\d\]:/gm)).toHaveLength(3);
    expect(stdout).toContain('CN=ovoc.example.com');
  });

  it('reads back what openssl wrote and writes it again byte for byte (DER PKCS#7 of one certificate)', async () => {
    await scratch.openssl('crl2pkcs7', '-nocrl', '-certfile', 'cert0.pem', '-outform', 'DER', '-out', 'one.p7b');
    const one = await readCertificates(await scratch.read('one.p7b'));
    expect(encodeCertificates(one, 'p7b')).toEqual(await scratch.read('one.p7b'));
  });

  it('refuses an empty list and things that are not certificates', async () => {
    expect(codeOf(() => encodeCertificates([], 'pem'))).toBe('ERR_FORMAT_NO_CERTIFICATES');
    const csr = await scratch.read('req.der');
    expect(codeOf(() => encodeCertificates([csr], 'p7b'))).toBe('ERR_FORMAT_DER_INVALID');
    expect(codeOf(() => encodeCertificates([Uint8Array.of(1, 2, 3)], 'pem'))).toBe('ERR_FORMAT_DER_INVALID');
  });
});
