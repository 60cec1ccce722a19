import { DerError } from '../asn1/der.js';
import { KeyError, sourcePrefix } from '../errors.js';
import { decodeEncryptedPrivateKeyInfo } from './pbes2.js';
import { unwrapPrivateKey } from './private-key-input.js';

/**
 * How a stored private key is protected, read without a passphrase and without decrypting it.
 * Fields a scheme does not have are absent (legacy PEM has no PRF; scrypt has no iteration count).
 */
export interface KeyProtection {
  /** `pkcs8` and `legacy` (PKCS#1, SEC 1) are not encrypted. */
  format: 'pkcs8' | 'encrypted-pkcs8' | 'legacy' | 'legacy-encrypted';
  encoding: 'pem' | 'der';
  encrypted: boolean;
  /** `PBES2`, or the OID of another PKCS#8 scheme (PBES1, PKCS#12 PBE); `Proc-Type: 4,ENCRYPTED` for legacy PEM. */
  scheme?: string;
  /** `PBKDF2`, `scrypt`, or for legacy PEM OpenSSL's one-round MD5 (`EVP_BytesToKey`). */
  kdf?: string;
  /** PBKDF2's pseudo-random function, e.g. `hmacWithSHA256`. */
  prf?: string;
  /** PBKDF2 (or PBES1) iterations; 1 for legacy PEM. */
  iterations?: number;
  /** scrypt's N·r·p, what one passphrase attempt costs. */
  scryptCost?: number;
  /** e.g. `aes-256-cbc`, or legacy PEM's DEK-Info cipher (`AES-256-CBC`, `DES-EDE3-CBC`). */
  cipher?: string;
}

/**
 * Says how a private key file is protected — PKCS#8 EncryptedPrivateKeyInfo (scheme, KDF, PRF,
 * iterations, cipher) or legacy PEM `Proc-Type`/`DEK-Info` (the cipher) — without a passphrase.
 *
 * @throws FormatError for bad PEM; KeyError ERR_KEY_INVALID for bytes that are no key
 * @example
 * const protection = describeKeyProtection(await readFile('server.key'), { source: 'server.key' });
 * if (protection.encrypted) console.log(protection.kdf, protection.iterations, protection.cipher);
 */
export function describeKeyProtection(input: string | Uint8Array, options: { source?: string } = {}): KeyProtection {
  const { source } = options;
  const stored = unwrapPrivateKey(input, source);
  const { encoding } = stored;
  switch (stored.kind) {
    case 'pkcs8':
      return { format: 'pkcs8', encoding, encrypted: false };
    case 'pkcs1':
    case 'sec1':
      return { format: 'legacy', encoding, encrypted: false };
    case 'legacy-encrypted':
      return {
        format: 'legacy-encrypted',
        encoding,
        encrypted: true,
        scheme: 'Proc-Type: 4,ENCRYPTED',
        kdf: 'MD5 (EVP_BytesToKey)',
        iterations: 1,
        cipher: stored.cipher,
      };
    case 'encrypted-pkcs8':
      return { format: 'encrypted-pkcs8', encoding, encrypted: true, ...pkcs8Scheme(stored.der, source) };
  }
}

function pkcs8Scheme(der: Uint8Array, source: string | undefined): Partial<KeyProtection> {
  let scheme: ReturnType<typeof decodeEncryptedPrivateKeyInfo>['scheme'];
  try {
    scheme = decodeEncryptedPrivateKeyInfo(der).scheme;
  } catch (cause) {
    if (!(cause instanceof DerError)) throw cause;
    const message = `${sourcePrefix(source)}malformed encrypted private key (${cause.message})`;
    throw new KeyError('ERR_KEY_INVALID', message, { source }, { cause });
  }
  const cost = scheme.cost === undefined ? {} : costOf(scheme.cost, scheme.costUnit);
  if (scheme.parts === undefined) return { scheme: scheme.name, ...cost };
  const { kdf, prf, cipher } = scheme.parts;
  return { scheme: 'PBES2', kdf, ...(prf === undefined ? {} : { prf }), ...cost, cipher };
}

function costOf(cost: bigint, unit: 'iterations' | 'N·r·p'): Partial<KeyProtection> {
  // A count past 2^53 is shown as the largest exact number: nobody decrypts that key anyway.
  const value = cost > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(cost);
  return unit === 'iterations' ? { iterations: value } : { scryptCost: value };
}
