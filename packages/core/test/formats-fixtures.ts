/** Inputs for the formats tests, made with the real openssl binary from the committed test vectors. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { makeScratch, type Scratch } from './csr-openssl.js';

/** The password of every PKCS#12 fixture. */
export const PFX_PASSWORD = 'pfx-Pässword 1';

const chains = fileURLToPath(new URL('../../../test-vectors/chains/', import.meta.url));

/** A committed chain case's certificate as PEM text. */
export function vectorPem(chainCase: string, name: string): Promise<string> {
  return readFile(`${chains}${chainCase}/${name}`, 'utf8');
}

/** The scratch directory with chain.pem (server, ca2, ca1), server.key and their DER/PKCS#7/PKCS#12 forms. */
export async function makeFormatFixtures(): Promise<Scratch> {
  const scratch = await makeScratch();
  const names = ['server.crt', 'ca2.crt', 'ca1.crt'];
  const pems = await Promise.all(names.map((name) => vectorPem('rsa-two-intermediates', name)));
  await scratch.write('chain.pem', pems.join(''));
  for (const [index, pem] of pems.entries()) await scratch.write(`cert${index}.pem`, pem);
  await scratch.openssl('x509', '-in', 'cert0.pem', '-outform', 'DER', '-out', 'cert0.der');
  await scratch.openssl('crl2pkcs7', '-nocrl', '-certfile', 'chain.pem', '-outform', 'DER', '-out', 'chain.p7b');
  await scratch.openssl('crl2pkcs7', '-nocrl', '-certfile', 'chain.pem', '-out', 'chain-p7b.pem');
  await scratch.openssl('crl2pkcs7', '-nocrl', '-outform', 'DER', '-out', 'empty.p7b');
  // A key and a self-signed certificate for it: PKCS#12 needs a matching pair.
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'own.key'];
  await scratch.openssl('req', '-x509', ...ec, '-subj', '/CN=pfx.example.com', '-days', '30', '-out', 'own.crt');
  await scratch.openssl(
    'req',
    '-new',
    '-key',
    'own.key',
    '-subj',
    '/CN=csr.example.com',
    '-outform',
    'DER',
    '-out',
    'req.der',
  );
  await scratch.openssl('pkey', '-in', 'own.key', '-outform', 'DER', '-out', 'sec1.der');
  await scratch.openssl('pkcs8', '-topk8', '-nocrypt', '-in', 'own.key', '-outform', 'DER', '-out', 'key.der');
  await scratch.openssl('pkey', '-in', 'own.key', '-pubout', '-outform', 'DER', '-out', 'pub.der');
  await scratch.openssl(
    'pkcs8',
    '-topk8',
    '-in',
    'own.key',
    '-outform',
    'DER',
    '-passout',
    'pass:k',
    '-out',
    'enc.der',
  );
  const pfx = ['pkcs12', '-export', '-in', 'own.crt', '-inkey', 'own.key', '-certfile', 'chain.pem', '-passout'];
  await scratch.openssl(...pfx, `pass:${PFX_PASSWORD}`, '-out', 'aes.p12');
  const des = ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'];
  await scratch.openssl(...pfx, `pass:${PFX_PASSWORD}`, ...des, '-out', '3des.p12');
  await scratch.openssl(...pfx, `pass:${PFX_PASSWORD}`, '-legacy', '-out', 'rc2.p12');
  const rc4 = ['-legacy', '-certpbe', 'PBE-SHA1-RC4-128', '-keypbe', 'PBE-SHA1-RC4-40'];
  await scratch.openssl(...pfx, `pass:${PFX_PASSWORD}`, ...rc4, '-out', 'rc4.p12');
  const rc2Key = ['-legacy', '-certpbe', 'PBE-SHA1-RC2-128', '-keypbe', 'PBE-SHA1-RC2-40'];
  await scratch.openssl(...pfx, `pass:${PFX_PASSWORD}`, ...rc2Key, '-out', 'rc2-key.p12');
  await scratch.openssl(...pfx, `pass:${PFX_PASSWORD}`, '-nomac', '-out', 'nomac.p12');
  return scratch;
}

/**
 * The same structure in BER as NSS and macOS write it: every constructed element with an
 * indefinite length, and (with `segment`) every OCTET STRING longer than that split into a
 * constructed OCTET STRING of segments. Contents of primitive elements are left alone.
 */
export function toIndefiniteBer(der: Uint8Array, segment?: number): Uint8Array {
  const out: number[] = [];
  let offset = 0;
  while (offset < der.length) {
    const tag = der[offset] as number;
    let length = der[offset + 1] as number;
    let start = offset + 2;
    if (length >= 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (der[start + i] as number);
      start += count;
    }
    const content = der.subarray(start, start + length);
    if ((tag & 0x20) !== 0) {
      out.push(tag, 0x80, ...toIndefiniteBer(content, segment), 0, 0);
    } else if (tag === 0x04 && segment !== undefined && length > segment) {
      out.push(0x24, 0x80);
      for (let at = 0; at < length; at += segment) {
        const piece = content.subarray(at, at + segment);
        out.push(...definite(0x04, piece));
      }
      out.push(0, 0);
    } else {
      out.push(...der.subarray(offset, start + length));
    }
    offset = start + length;
  }
  return Uint8Array.from(out);
}

function definite(tag: number, content: Uint8Array): number[] {
  const length = content.length;
  const header =
    length < 0x80 ? [tag, length] : length < 0x100 ? [tag, 0x81, length] : [tag, 0x82, length >> 8, length & 0xff];
  return [...header, ...content];
}
