// RFC 7468 (textual encodings of PKIX structures), §2–§13, as our PEM reader (asn1/pem.ts) and the
// readers on top of it apply them. Each test names the rule; docs/conformance.md ("Certificate and
// PEM reading, by RFC section") says where we deviate and why.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePemBlocks, decodeSinglePem, encodePem } from '../src/asn1/pem.js';
import {
  encodeCertificates,
  FormatError,
  parseCertificate,
  parseCsr,
  readCertificates,
  readPrivateKey,
} from '../src/index.js';
import { parseCrls } from '../src/chain/revocation/crl-input.js';

const vectors = new URL('../../../test-vectors/', import.meta.url);
const certificatePem = readFileSync(new URL('chains/rsa-one-intermediate/server.crt', vectors), 'utf8');
const certificateDer = (decodePemBlocks(certificatePem)[0] as { der: Uint8Array }).der;
const base64 = Buffer.from(certificateDer).toString('base64');
const scratch = mkdtempSync(join(tmpdir(), 'rfc7468-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A block with the given label, body lines (default: the certificate, 64 a line) and line end. */
function block(label: string, eol = '\n', lines = base64.match(/.{1,64}/g) ?? []): string {
  return `-----BEGIN ${label}-----${eol}${lines.join(eol)}${eol}-----END ${label}-----${eol}`;
}

/** The DER of the one block in `text`, which must be the test certificate. */
function readsTheCertificate(text: string): void {
  const blocks = decodePemBlocks(text, 'cert.pem');
  expect(blocks).toHaveLength(1);
  expect(Buffer.from((blocks[0] as { der: Uint8Array }).der).equals(Buffer.from(certificateDer))).toBe(true);
}

/** The FormatError decodePemBlocks throws: its code, and a one-line message naming the file. */
function refusal(text: string): { code: string; message: string } {
  try {
    decodePemBlocks(text, 'cert.pem');
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    const { code, message } = error as FormatError;
    expect(message.startsWith('cert.pem: ')).toBe(true);
    expect(message).not.toContain('\n');
    return { code, message };
  }
  throw new Error('accepted');
}

/** Whether `openssl x509` reads the text as a certificate (the reference the docs compare with). */
function opensslReads(text: string): boolean {
  const file = join(scratch, 'in.pem');
  writeFileSync(file, text);
  try {
    execFileSync('openssl', ['x509', '-in', file, '-noout'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

describe('§2 general considerations', () => {
  it('"parsers MUST handle different newline conventions": LF, CRLF and a lone CR all read', () => {
    for (const eol of ['\n', '\r\n', '\r']) readsTheCertificate(block('CERTIFICATE', eol));
    // OpenSSL reads LF and CRLF, not CR alone: the RFC's eol includes it, so we do.
    expect(opensslReads(block('CERTIFICATE', '\r\n'))).toBe(true);
    expect(opensslReads(block('CERTIFICATE', '\r'))).toBe(false);
  });

  it('"Data before the encapsulation boundaries are permitted, and parsers MUST NOT malfunction": text before, between and after blocks', () => {
    const text = `Subject: leaf\nIssuer: ca1\n\n${block('CERTIFICATE')}\nnotes -- with dashes -----\n${block(
      'CERTIFICATE',
    )}trailing words, even "-----BEGIN " in prose\n`;
    const blocks = decodePemBlocks(text, 'bundle.pem');
    expect(blocks.map((one) => one.label)).toEqual(['CERTIFICATE', 'CERTIFICATE']);
  });

  it('"Generators MUST put the same label on the -----END line": a different END label is refused (parsers MAY disregard it; we do not)', () => {
    const mixed = block('CERTIFICATE').replace('-----END CERTIFICATE-----', '-----END X509 CRL-----');
    const { code, message } = refusal(mixed);
    expect(code).toBe('ERR_FORMAT_PEM_INVALID');
    expect(message).toBe('cert.pem: PEM block BEGIN CERTIFICATE ends with END X509 CRL');
    expect(opensslReads(mixed)).toBe(false);
  });

  it('a BEGIN line with no END line after it is a truncated file: refused, not skipped as "no PEM block"', () => {
    const cut = block('CERTIFICATE').split('-----END')[0] as string;
    expect(refusal(cut)).toEqual({
      code: 'ERR_FORMAT_PEM_INVALID',
      message: 'cert.pem: PEM block BEGIN CERTIFICATE has no END line (truncated?)',
    });
  });

  it('"Empty space can appear between the pre-encapsulation boundary and the base64": blank lines after BEGIN read', () => {
    readsTheCertificate(block('CERTIFICATE').replace('-----\n', '-----\n\n  \n'));
  });

  it('"Generators MUST wrap the base64-encoded lines so that each line consists of exactly 64 characters except for the final line": our encoder does', () => {
    const lines = encodePem('CERTIFICATE', certificateDer).split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    const body = lines.slice(1, lines.indexOf('-----END CERTIFICATE-----'));
    expect(body.slice(0, -1).every((line) => line.length === 64)).toBe(true);
    expect((body.at(-1) as string).length).toBeGreaterThan(0);
    expect((body.at(-1) as string).length).toBeLessThanOrEqual(64);
    // Strict grammar (Figure 3): the text ends with the END line and one eol.
    expect(encodePem('CERTIFICATE', certificateDer).endsWith('-----END CERTIFICATE-----\n')).toBe(true);
  });

  it('"Parsers MAY handle other line sizes": 76-character lines and one line of base64 read', () => {
    readsTheCertificate(block('CERTIFICATE', '\n', base64.match(/.{1,76}/g) ?? []));
    readsTheCertificate(block('CERTIFICATE', '\n', [base64]));
  });
});

describe('§3 ABNF', () => {
  it('label: "any printable character, except hyphen-minus", with single hyphens or spaces inside', () => {
    for (const label of ['CERTIFICATE', 'PKCS #7 SIGNED DATA', 'X509 CRL', 'my-label', 'lower case', 'A.B/C']) {
      expect(decodePemBlocks(block(label))[0]?.label).toBe(label);
    }
  });

  it('a label with a hyphen or space at either end, or two together, is not a label: that BEGIN line starts no block', () => {
    for (const label of ['-X', 'X-', ' X', 'A  B', 'A--B', 'A -B']) {
      expect(decodePemBlocks(block(label))).toEqual([]);
    }
  });

  it('a label of megabytes is checked in one pass: a typed refusal (no END line), its label cut in the message', () => {
    const { code, message } = refusal(`-----BEGIN ${'A'.repeat(4 * 1024 * 1024)}-----\n`);
    expect(code).toBe('ERR_FORMAT_PEM_INVALID');
    expect(message).toBe(`cert.pem: PEM block BEGIN ${'A'.repeat(64)}… has no END line (truncated?)`);
  });

  it('label = [ … ] ; "empty ok": an empty label is a block, shown as such when it is not the one wanted', () => {
    const text = '-----BEGIN -----\nMAA=\n-----END -----\n';
    expect(decodePemBlocks(text).map((one) => one.label)).toEqual(['']);
    expect(() => decodeSinglePem(text, ['CERTIFICATE'], 'x.pem')).toThrow(
      'x.pem: expected CERTIFICATE, found (empty label)',
    );
  });

  it('preeb *WSP eol: spaces or tabs after the BEGIN line read', () => {
    readsTheCertificate(block('CERTIFICATE').replace('-----\n', '-----  \t\n'));
  });

  it('lax W = WSP / CR / LF / VT / FF: whitespace anywhere inside or around the base64 reads', () => {
    const spaced = (base64.match(/.{1,10}/g) ?? []).join(' \t');
    readsTheCertificate(`\n\n  ${block('CERTIFICATE', '\n', [` ${spaced}\v`, '\f'])}  \n`);
    // Indented, as PEM sits in a YAML or JSON string.
    readsTheCertificate(block('CERTIFICATE').replace(/^/gm, '    '));
  });

  it('base64char = ALPHA / DIGIT / "+" / "/": any other character in the body is refused (the RFC says parsers SHOULD ignore it; we do not)', () => {
    const damaged = block('CERTIFICATE', '\n', [`${base64.slice(0, 40)}?${base64.slice(40)}`]);
    expect(refusal(damaged)).toEqual({
      code: 'ERR_FORMAT_PEM_INVALID',
      message: 'cert.pem: PEM block CERTIFICATE is not valid base64',
    });
  });

  it('base64pad only at the end, at most two: "=" inside the body or "===" is refused', () => {
    // Node's decoder would stop at the first "=" and hand back a prefix of the certificate.
    const inside = block('CERTIFICATE', '\n', ['QQ==', base64]);
    expect(refusal(inside).message).toBe(
      'cert.pem: PEM block CERTIFICATE has base64 padding before its end or more than two "="',
    );
    expect(refusal('-----BEGIN X-----\nQ===\n-----END X-----\n').code).toBe('ERR_FORMAT_PEM_INVALID');
  });

  it('padding with whitespace around it reads ("…AB= <EOL> = <EOL> is not good, but is valid")', () => {
    // 0x00 0x01 0x02 0x03: "AAECAw==", its padding split over two lines.
    const [one] = decodePemBlocks('-----BEGIN X-----\nAAECAw=\n=\n-----END X-----\n');
    expect([...(one?.der ?? [])]).toEqual([0, 1, 2, 3]);
  });

  it('base64 that does not fill its last group of four is refused as truncated', () => {
    expect(refusal('-----BEGIN X-----\nAAECA\n-----END X-----\n').message).toBe('cert.pem: PEM block X is truncated');
  });

  it('RFC 1421 headers are not part of RFC 7468; read only so that legacy encrypted keys can be named', () => {
    const [one] = decodePemBlocks(block('CERTIFICATE').replace('-----\n', '-----\nComment: old tool\n\n'));
    expect(one?.headers).toEqual({ Comment: 'old tool' });
  });
});

describe('§5–§13 labels, per reader', () => {
  const relabel = (label: string) => certificatePem.replaceAll('CERTIFICATE', label);

  it('§5.1 "CERTIFICATE" is read by every certificate reader', async () => {
    expect((await parseCertificate(certificatePem)).der).toEqual(certificateDer);
    expect(await readCertificates(certificatePem)).toHaveLength(1);
  });

  it('§5.1 the legacy "X509 CERTIFICATE" is read (as OpenSSL does); "X.509 CERTIFICATE" is not (nor by OpenSSL)', async () => {
    const legacy = relabel('X509 CERTIFICATE');
    expect((await parseCertificate(legacy)).der).toEqual(certificateDer);
    expect(await readCertificates(legacy)).toHaveLength(1);
    expect(opensslReads(legacy)).toBe(true);
    const dotted = relabel('X.509 CERTIFICATE');
    await expect(parseCertificate(dotted, { source: 'c.pem' })).rejects.toThrow(
      'c.pem: expected CERTIFICATE or X509 CERTIFICATE, found X.509 CERTIFICATE',
    );
    expect(opensslReads(dotted)).toBe(false);
  });

  it('OpenSSL\'s "TRUSTED CERTIFICATE" is read by readCertificates (trust settings dropped), not by parseCertificate', async () => {
    const trusted = relabel('TRUSTED CERTIFICATE');
    expect(await readCertificates(trusted)).toHaveLength(1);
    await expect(parseCertificate(trusted, { source: 'c.pem' })).rejects.toMatchObject({
      code: 'ERR_FORMAT_UNEXPECTED_PEM_LABEL',
    });
  });

  it('a block of another kind where a certificate is expected is named in the refusal', async () => {
    const key = readFileSync(new URL('keys/test-ec-p256.key', vectors), 'utf8');
    await expect(parseCertificate(key, { source: 'k.pem' })).rejects.toThrow(
      'k.pem: expected CERTIFICATE or X509 CERTIFICATE, found PRIVATE KEY',
    );
  });

  it('§7 "CERTIFICATE REQUEST", and the legacy "NEW CERTIFICATE REQUEST" the RFC mentions, are read as a CSR', async () => {
    const csr = readFileSync(new URL('csrs/no-san/request.csr', vectors), 'utf8');
    const subject = (await parseCsr(csr)).subjectText;
    const legacy = csr.replaceAll('CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST');
    expect((await parseCsr(legacy)).subjectText).toBe(subject);
  });

  it('§6 "X509 CRL", and the bare "CRL" some tools write, are read as CRLs; another label is not a CRL', () => {
    const crl = readFileSync(new URL('chains-options/leaf-revoked/ca1.crl', vectors), 'utf8');
    expect(crl.startsWith('-----BEGIN X509 CRL-----')).toBe(true);
    expect(parseCrls([crl]).crls).toHaveLength(1);
    expect(parseCrls([crl.replaceAll('X509 CRL', 'CRL')]).crls).toHaveLength(1);
    expect(parseCrls([crl.replaceAll('X509 CRL', 'CERTIFICATE')]).crls ?? []).toHaveLength(0);
  });

  it('§8 "PKCS7" and §9 "CMS" (and OpenSSL\'s "PKCS #7 SIGNED DATA") are read as certificate bundles', async () => {
    const p7b = encodeCertificates([certificateDer], 'p7b-pem');
    expect(p7b.startsWith('-----BEGIN PKCS7-----')).toBe(true);
    for (const label of ['PKCS7', 'CMS', 'PKCS #7 SIGNED DATA']) {
      const relabelled = p7b.replaceAll('PKCS7', label);
      expect(await readCertificates(relabelled)).toEqual([certificateDer]);
    }
  });

  it('§10 "PRIVATE KEY" and §11 "ENCRYPTED PRIVATE KEY" are read as keys', async () => {
    const plain = readFileSync(new URL('keys/test-ec-p256.key', vectors), 'utf8');
    expect((await readPrivateKey(plain)).format).toBe('pkcs8');
    const encrypted = readFileSync(new URL('keys/test-ec-p256-encrypted.key', vectors), 'utf8');
    const passphrase = (readFileSync(new URL('keys/PASSPHRASE.txt', vectors), 'utf8').split('\n')[0] as string).trim();
    expect((await readPrivateKey(encrypted, { passphrase })).format).toBe('encrypted-pkcs8');
  });
});
