/** The PKCS#12 password integrity check (RFC 7292 §4: MacData, HMAC keyed by the PKCS#12 KDF). */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { FormatError, sourcePrefix } from '../errors.js';
import {
  type DerElement,
  expectTag,
  readChildren,
  readOid,
  readUnsignedInteger,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
} from '../asn1/der.js';
import { OID_PBMAC1, OID_SHA1, OID_SHA224, OID_SHA256, OID_SHA384, OID_SHA512 } from '../asn1/pkcs-oids.js';
import { bmpPassword, KDF_PURPOSE, PKCS12_HASHES, type Pkcs12Hash, pkcs12Kdf } from './kdf.js';

const MAC_HASHES: Record<string, Pkcs12Hash> = {
  [OID_SHA1]: 'sha1',
  [OID_SHA224]: 'sha224',
  [OID_SHA256]: 'sha256',
  [OID_SHA384]: 'sha384',
  [OID_SHA512]: 'sha512',
};

/** Context for messages and limits. */
export interface Pkcs12Context {
  source: string | undefined;
  password: string;
  maxIterations: number;
}

/**
 * Checks the MAC over the authenticated safe. A mismatch means the password is wrong (or the
 * file was altered: the two cannot be told apart) → ERR_FORMAT_PKCS12_BAD_PASSWORD.
 * Returns the MAC's name for reports, e.g. `HMAC-SHA256 (2048 iterations)`.
 */
export function verifyPkcs12Mac(macData: DerElement, authSafe: Uint8Array, context: Pkcs12Context): string {
  const { source } = context;
  const [digestInfo, saltElement, iterationElement] = readChildren(expectTag(macData, TAG_SEQUENCE));
  const [algorithm, digestElement] = readChildren(expectTag(digestInfo, TAG_SEQUENCE));
  const [oidElement] = readChildren(expectTag(algorithm, TAG_SEQUENCE));
  const oid = readOid(oidElement);
  const hash = MAC_HASHES[oid];
  if (hash === undefined) {
    const name = oid === OID_PBMAC1 ? 'PBMAC1' : oid;
    throw unsupported(source, `MAC algorithm ${name} is not supported`);
  }
  const salt = expectTag(saltElement, TAG_OCTET_STRING).content;
  // iterations DEFAULT 1 (RFC 7292 §4).
  const iterations = iterationElement === undefined ? 1n : readUnsignedInteger(iterationElement);
  checkIterations(iterations, context, 'MAC');
  const expected = expectTag(digestElement, TAG_OCTET_STRING).content;
  const password = bmpPassword(context.password);
  try {
    const key = pkcs12Kdf(hash, KDF_PURPOSE.mac, password, salt, Number(iterations), PKCS12_HASHES[hash].u);
    const actual = createHmac(hash, key).update(authSafe).digest();
    key.fill(0);
    if (actual.byteLength !== expected.byteLength || !timingSafeEqual(actual, expected)) {
      throw new FormatError(
        'ERR_FORMAT_PKCS12_BAD_PASSWORD',
        `${sourcePrefix(source)}wrong PKCS#12 password (the MAC does not verify; or the file was altered)`,
        { source },
      );
    }
  } finally {
    password.fill(0);
  }
  return `HMAC-${hash.toUpperCase()} (${iterations} iterations)`;
}

/** Refuses an iteration count above the caller's limit before doing any of the work. */
export function checkIterations(iterations: bigint, context: Pkcs12Context, what: string): void {
  if (iterations < 1n || iterations > BigInt(context.maxIterations)) {
    throw unsupported(
      context.source,
      `${what} iteration count ${iterations} is outside 1–${context.maxIterations} (a file must not be able to hang us)`,
    );
  }
}

/** ERR_FORMAT_PKCS12_UNSUPPORTED naming the file. */
export function unsupported(source: string | undefined, reason: string): FormatError {
  return new FormatError('ERR_FORMAT_PKCS12_UNSUPPORTED', `${sourcePrefix(source)}PKCS#12: ${reason}`, { source });
}
