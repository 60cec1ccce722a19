/**
 * The password protection of a PKCS#12 file core writes: encryption of key bags and certificate
 * SafeContents, and the MacData over the AuthenticatedSafe (RFC 7292). Two presets:
 *
 * - `modern`: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and an HMAC-SHA256 MAC, 10,000 iterations
 *   each — what keytool (Java 17) writes. Not OWASP's 600,000: PKCS#12 readers (keytool, OpenSSL,
 *   Windows) run the same count on every open, and 10,000 is the ecosystem's default.
 * - `compat`: pbeWithSHAAnd3-KeyTripleDES-CBC and an HMAC-SHA1 MAC, 2,048 iterations — what
 *   OpenSSL 1.1 wrote, for readers that predate PBES2 in PKCS#12 (old Java 8, Windows Server 2016).
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { InvalidArgumentError } from '../errors.js';
import { encodeNull, encodeOctetString, encodeOid, encodeSequence, encodeUnsignedInteger } from '../asn1/der.js';
import { OID_PBE_SHA1_3DES, OID_SHA1, OID_SHA256 } from '../asn1/pkcs-oids.js';
import { bmpPassword, KDF_PURPOSE, PKCS12_HASHES, pkcs12Kdf } from './kdf.js';
import { encryptPkcs8 } from '../keys/pkcs8-encryption.js';

/** How strongly, and for which readers, a PKCS#12 file is protected. */
export type Pkcs12Preset = 'modern' | 'compat';

interface PresetSettings {
  iterations: number;
  saltBytes: number;
  macHash: 'sha256' | 'sha1';
}

const PRESETS: Record<Pkcs12Preset, PresetSettings> = {
  modern: { iterations: 10_000, saltBytes: 16, macHash: 'sha256' },
  // OpenSSL's legacy defaults: 2,048 iterations, 8-byte salts.
  compat: { iterations: 2_048, saltBytes: 8, macHash: 'sha1' },
};

const MAC_HASH_OIDS = { sha256: OID_SHA256, sha1: OID_SHA1 } as const;
const DES_EDE3_KEY_BYTES = 24;
const DES_BLOCK_BYTES = 8;

/** The caller's preset, `modern` by default; anything else (from JavaScript) is refused. */
export function checkPreset(preset: unknown): Pkcs12Preset {
  if (preset === undefined) return 'modern';
  if (preset === 'modern' || preset === 'compat') return preset;
  throw new InvalidArgumentError(`preset must be 'modern' or 'compat', not ${String(preset)}`, { field: 'preset' });
}

/**
 * `plain` encrypted under the password, as SEQUENCE { AlgorithmIdentifier, OCTET STRING } — an
 * EncryptedPrivateKeyInfo, which is also the algorithm and content of an EncryptedData.
 */
export async function encryptForPkcs12(plain: Uint8Array, password: string, preset: Pkcs12Preset): Promise<Uint8Array> {
  const { iterations, saltBytes } = PRESETS[preset];
  if (preset === 'modern') {
    // PBES2 inside PKCS#12 takes the password as UTF-8 bytes (OpenSSL 3, Java), not as a BMPString.
    const utf8 = Buffer.from(password, 'utf8');
    try {
      return await encryptPkcs8(plain, utf8, iterations);
    } finally {
      utf8.fill(0);
    }
  }
  const salt = randomBytes(saltBytes);
  const bmp = bmpPassword(password);
  const key = pkcs12Kdf('sha1', KDF_PURPOSE.key, bmp, salt, iterations, DES_EDE3_KEY_BYTES);
  const iv = pkcs12Kdf('sha1', KDF_PURPOSE.iv, bmp, salt, iterations, DES_BLOCK_BYTES);
  try {
    const cipher = createCipheriv('des-ede3-cbc', key, iv);
    const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
    const parameters = encodeSequence(encodeOctetString(salt), encodeUnsignedInteger(iterations));
    return encodeSequence(encodeSequence(encodeOid(OID_PBE_SHA1_3DES), parameters), encodeOctetString(encrypted));
  } finally {
    bmp.fill(0);
    key.fill(0);
  }
}

/** MacData ::= SEQUENCE { DigestInfo, macSalt OCTET STRING, iterations INTEGER } over the AuthenticatedSafe. */
export function encodeMacData(authSafe: Uint8Array, password: string, preset: Pkcs12Preset): Uint8Array {
  const { iterations, saltBytes, macHash } = PRESETS[preset];
  const salt = randomBytes(saltBytes);
  const bmp = bmpPassword(password);
  const key = pkcs12Kdf(macHash, KDF_PURPOSE.mac, bmp, salt, iterations, PKCS12_HASHES[macHash].u);
  try {
    const digest = createHmac(macHash, key).update(authSafe).digest();
    const digestInfo = encodeSequence(
      encodeSequence(encodeOid(MAC_HASH_OIDS[macHash]), encodeNull()),
      encodeOctetString(digest),
    );
    return encodeSequence(digestInfo, encodeOctetString(salt), encodeUnsignedInteger(iterations));
  } finally {
    bmp.fill(0);
    key.fill(0);
  }
}
