import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFormat, FormatError } from '../src/index.js';
import type { Scratch } from './csr-openssl.js';
import { makeFormatFixtures } from './formats-fixtures.js';

let scratch: Scratch;

beforeAll(async () => {
  scratch = await makeFormatFixtures();
});
afterAll(() => scratch.remove());

/** The code of the FormatError `run` throws. */
function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    return (error as FormatError).code;
  }
  throw new Error('expected a FormatError');
}

/** A SEQUENCE around content, with a long-form length when needed. */
function sequence(content: Uint8Array): Uint8Array {
  const length = content.byteLength;
  const header =
    length < 0x80
      ? [0x30, length]
      : [0x30, 0x84, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff];
  return Uint8Array.from([...header, ...content]);
}

describe('detectFormat', () => {
  it.each([
    ['cert0.der', { format: 'der-certificate', encoding: 'der' }],
    ['req.der', { format: 'der-csr', encoding: 'der' }],
    ['key.der', { format: 'der-key', encoding: 'der', keyKind: 'pkcs8' }],
    ['sec1.der', { format: 'der-key', encoding: 'der', keyKind: 'sec1' }],
    ['enc.der', { format: 'der-key', encoding: 'der', keyKind: 'encrypted-pkcs8' }],
    ['pub.der', { format: 'der-public-key', encoding: 'der' }],
    ['chain.p7b', { format: 'pkcs7', encoding: 'der' }],
    ['aes.p12', { format: 'pkcs12', encoding: 'der' }],
    ['3des.p12', { format: 'pkcs12', encoding: 'der' }],
    ['chain.pem', { format: 'pem', encoding: 'pem', blocks: ['CERTIFICATE', 'CERTIFICATE', 'CERTIFICATE'] }],
    ['chain-p7b.pem', { format: 'pem', encoding: 'pem', blocks: ['PKCS7'] }],
    ['own.key', { format: 'pem', encoding: 'pem', blocks: ['PRIVATE KEY'] }],
  ])('%s', async (name, expected) => {
    expect(detectFormat(await scratch.read(name), { source: name })).toEqual(expected);
  });

  it('tolerates CRLF, a BOM, headers and text around PEM blocks, as bytes or text', async () => {
    const pem = (await scratch.readText('chain.pem')).replace(/\n/g, '\r\n');
    const text = `\uFEFFsubject=CN=whatever\r\nBag Attributes: none\r\n${pem}trailing words\r\n`;
    const expected = { format: 'pem', encoding: 'pem', blocks: ['CERTIFICATE', 'CERTIFICATE', 'CERTIFICATE'] };
    expect(detectFormat(text)).toEqual(expected);
    expect(detectFormat(Buffer.from(text, 'utf8'))).toEqual(expected);
  });

  it.each([
    ['empty input', new Uint8Array(0), 'ERR_FORMAT_UNRECOGNIZED'],
    ['plain text', Buffer.from('hello, not a certificate\n'), 'ERR_FORMAT_UNRECOGNIZED'],
    ['random bytes', Uint8Array.from([0x04, 0x03, 1, 2, 3]), 'ERR_FORMAT_UNRECOGNIZED'],
    ['DER of an unknown shape', sequence(Uint8Array.of(0x05, 0x00)), 'ERR_FORMAT_UNRECOGNIZED'],
    [
      'a length claiming more bytes than exist',
      Uint8Array.of(0x30, 0x84, 0x10, 0, 0, 0, 0x05, 0),
      'ERR_FORMAT_TRUNCATED',
    ],
    [
      'indefinite-length BER of an unknown shape',
      Uint8Array.of(0x30, 0x80, 0x05, 0x00, 0x00, 0x00),
      'ERR_FORMAT_UNRECOGNIZED',
    ],
    ['indefinite-length BER without end-of-contents', Uint8Array.of(0x30, 0x80, 0x05, 0x00), 'ERR_FORMAT_TRUNCATED'],
    ['indefinite length on a primitive', Uint8Array.of(0x30, 0x80, 0x04, 0x80, 0x00, 0x00), 'ERR_FORMAT_DER_INVALID'],
  ])('%s → %s', (_name, bytes, code) => {
    expect(codeOf(() => detectFormat(bytes, { source: 'in.bin' }))).toBe(code);
  });

  it('text with no PEM block is unrecognized, not bad PEM', () => {
    expect(codeOf(() => detectFormat('just some text'))).toBe('ERR_FORMAT_UNRECOGNIZED');
  });

  it('names the file in every error', () => {
    expect(() => detectFormat(Buffer.from('nope'), { source: 'ca-reply.bin' })).toThrow(/^ca-reply\.bin: /);
    // The whole file is the thing read: the message says the file, then the problem.
    expect(() => detectFormat(Uint8Array.of(0x30, 0x84, 0x10, 0, 0, 0), { source: 'ca-reply.der' })).toThrow(
      /^ca-reply\.der: truncated DER: /,
    );
  });

  it('refuses truncated DER and DER with trailing bytes', async () => {
    const der = await scratch.read('cert0.der');
    expect(codeOf(() => detectFormat(der.subarray(0, der.length - 10)))).toBe('ERR_FORMAT_TRUNCATED');
    expect(codeOf(() => detectFormat(Buffer.concat([der, Uint8Array.of(0x05, 0x00)])))).toBe('ERR_FORMAT_DER_INVALID');
  });

  it('refuses a PEM block with a bad base64 line and a BEGIN without END', async () => {
    const pem = await scratch.readText('cert0.pem');
    const lines = pem.split('\n');
    lines[3] = `${(lines[3] as string).slice(0, 10)}*${(lines[3] as string).slice(11)}`;
    expect(codeOf(() => detectFormat(lines.join('\n')))).toBe('ERR_FORMAT_PEM_INVALID');
    expect(codeOf(() => detectFormat(pem.replace(/-----END[\s\S]*/, '')))).toBe('ERR_FORMAT_PEM_INVALID');
  });

  it('bounds nesting depth and element count before parsing', () => {
    let deep: Uint8Array = Uint8Array.of(0x05, 0x00);
    for (let i = 0; i < 100; i++) deep = sequence(deep);
    expect(codeOf(() => detectFormat(deep))).toBe('ERR_FORMAT_LIMIT_EXCEEDED');
    const manyNulls = new Uint8Array(2 * 600_000).fill(0).map((_, index) => (index % 2 === 0 ? 0x05 : 0));
    expect(codeOf(() => detectFormat(sequence(manyNulls)))).toBe('ERR_FORMAT_LIMIT_EXCEEDED');
  });

  it('bounds BER too: deep indefinite-length nesting and a flood of elements', () => {
    const deep = Uint8Array.from([...Array(100).fill([0x30, 0x80]).flat(), 0x05, 0x00, ...Array(200).fill(0)]);
    expect(codeOf(() => detectFormat(deep))).toBe('ERR_FORMAT_LIMIT_EXCEEDED');
    const flood = new Uint8Array(2 + 2 * 600_000 + 2).map((_, index) => (index === 0 ? 0x30 : index === 1 ? 0x80 : 0));
    for (let index = 2; index < flood.length - 2; index += 2) flood[index] = 0x05;
    expect(codeOf(() => detectFormat(flood))).toBe('ERR_FORMAT_LIMIT_EXCEEDED');
  });

  it('refuses input over 16 MiB before looking at it', () => {
    expect(codeOf(() => detectFormat(new Uint8Array(16 * 1024 * 1024 + 1)))).toBe('ERR_FORMAT_TOO_LARGE');
  });
});
