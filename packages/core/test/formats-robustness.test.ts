import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertwrightError, detectFormat, readCertificates, readPkcs12 } from '../src/index.js';
import type { Scratch } from './csr-openssl.js';
import { makeFormatFixtures, PFX_PASSWORD } from './formats-fixtures.js';

let scratch: Scratch;

beforeAll(async () => {
  scratch = await makeFormatFixtures();
});
afterAll(() => scratch.remove());

/** Every position gets one corrupted byte (a stride keeps it quick); a deterministic generator picks the value. */
function* mutations(bytes: Uint8Array, stride: number): Generator<Uint8Array> {
  let seed = 12345;
  for (let index = 0; index < bytes.length; index += stride) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const copy = bytes.slice();
    copy[index] = seed & 0xff;
    yield copy;
  }
}

/** Runs the reader; anything but success or a CertwrightError is a crash. */
async function outcome(read: () => Promise<unknown>): Promise<string> {
  try {
    await read();
    return 'ok';
  } catch (error) {
    if (error instanceof CertwrightError) return error.code;
    throw error;
  }
}

describe('corrupted input never crashes: a typed error or a result', () => {
  it.each([
    ['chain.p7b', 3],
    ['cert0.der', 3],
    ['chain-p7b.pem', 5],
  ])('%s, one byte changed at a time', async (file, stride) => {
    const codes = new Set<string>();
    for (const bytes of mutations(await scratch.read(file), stride)) {
      codes.add(await outcome(async () => detectFormat(bytes)));
      codes.add(await outcome(() => readCertificates(bytes, { password: PFX_PASSWORD })));
    }
    expect(codes.size).toBeGreaterThan(1);
  });

  it.each(['aes.p12', '3des.p12', 'nomac.p12'])('%s, one byte changed at a time', async (file) => {
    const codes = new Set<string>();
    for (const bytes of mutations(await scratch.read(file), 13)) {
      codes.add(await outcome(() => readPkcs12(bytes, { password: PFX_PASSWORD, includeKeys: true })));
    }
    expect(codes.size).toBeGreaterThan(1);
  });
});
