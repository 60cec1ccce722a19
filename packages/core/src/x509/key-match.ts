import { createPublicKey } from 'node:crypto';
import { CertificateError, CsrError, KeyError, sourcePrefix } from '../errors.js';
import { bytesEqual } from '../lib/bytes.js';
import { readPemOrDer } from '../asn1/pem-or-der.js';
import { assertInputSize } from '../asn1/input-size.js';
import { parseCertificateDer } from './certificate.js';
import { parseCsrDer } from './read-pkcs10.js';
import { exportPublicKeyDer } from '../keys/public-key.js';
import { spkiLimitProblem } from '../keys/spki-limits.js';
import type { PrivateKey } from '../keys/types.js';

/** Names the certificate or CSR input in error messages. */
export interface MatchOptions {
  source?: string;
}

/**
 * True when the certificate (PEM or DER) carries this key's public key.
 *
 * @example
 * if (!(await keyMatchesCertificate(key, await readFile('server.crt')))) console.error('wrong key');
 */
export async function keyMatchesCertificate(
  key: PrivateKey,
  certificate: string | Uint8Array,
  options: MatchOptions = {},
): Promise<boolean> {
  return publicKeyMatches(key, certificateSpki(certificate, options.source));
}

/** True when the certificate signing request (PEM or DER) carries this key's public key. */
export async function keyMatchesCsr(
  key: PrivateKey,
  csr: string | Uint8Array,
  options: MatchOptions = {},
): Promise<boolean> {
  return publicKeyMatches(key, csrSpki(csr, options.source));
}

/**
 * Throws KeyError `ERR_KEY_MISMATCH` unless the certificate carries this key's public key.
 *
 * @example
 * await assertKeyMatchesCertificate(key, certificatePem, { source: 'server.crt' });
 */
export async function assertKeyMatchesCertificate(
  key: PrivateKey,
  certificate: string | Uint8Array,
  options: MatchOptions = {},
): Promise<void> {
  if (await keyMatchesCertificate(key, certificate, options)) return;
  const { source } = options;
  const message = `${sourcePrefix(source)}the certificate's public key does not match the private key`;
  throw new KeyError('ERR_KEY_MISMATCH', message, { source });
}

function certificateSpki(input: string | Uint8Array, source: string | undefined): Uint8Array {
  assertInputSize(input, source);
  const der = readPemOrDer(input, ['CERTIFICATE'], source);
  const invalid = (reason: string, cause?: unknown) =>
    new CertificateError(
      'ERR_CERT_INVALID',
      `${sourcePrefix(source)}not a valid X.509 certificate${reason}`,
      { source },
      { cause },
    );
  let spki: Uint8Array;
  try {
    spki = parseCertificateDer(der).spki;
  } catch (cause) {
    throw invalid('', cause);
  }
  // The size limits parseCertificate and parseCsr apply (spki-limits.ts): Node is not handed a
  // 190 KB RSA key to compare. No private key Certwright reads is that large, so it could not match.
  const problem = spkiLimitProblem(spki);
  if (problem !== undefined) throw invalid(` (public key: ${problem})`);
  return spki;
}

function csrSpki(input: string | Uint8Array, source: string | undefined): Uint8Array {
  assertInputSize(input, source);
  const der = readPemOrDer(input, ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'], source);
  const invalid = (reason: string, cause?: unknown) =>
    new CsrError(
      'ERR_CSR_INVALID',
      `${sourcePrefix(source)}not a valid certificate signing request${reason}`,
      { source },
      { cause },
    );
  let spki: Uint8Array;
  try {
    spki = parseCsrDer(der).spki;
  } catch (cause) {
    throw invalid('', cause);
  }
  // The same limits as for a certificate.
  const problem = spkiLimitProblem(spki);
  if (problem !== undefined) throw invalid(` (public key: ${problem})`);
  return spki;
}

/**
 * Compares SubjectPublicKeyInfo bytes; when they differ, compares the key material itself,
 * because the same EC key can also be encoded with a compressed point.
 */
function publicKeyMatches(key: PrivateKey, spki: Uint8Array): boolean {
  if (bytesEqual(exportPublicKeyDer(key), spki)) return true;
  try {
    const theirs = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    const ours = createPublicKey(key.keyObject);
    // Keys of different types never match; comparing them makes OpenSSL leave an error queued
    // that the next key load in this process then reports (Node 20).
    if (theirs.asymmetricKeyType !== ours.asymmetricKeyType) return false;
    return theirs.equals(ours);
  } catch {
    // A public key Node cannot load (an algorithm it lacks) cannot be this key's.
    return false;
  }
}
