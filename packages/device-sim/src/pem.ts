// Checks an uploaded file the way a device does: PEM or nothing, with native crypto only.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { cachedCertificate, cachedPrivateKey } from './parse-cache.js';

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate block of a PEM file, each re-emitted in a normal form; undefined when one is not a certificate. */
export function readCertificateBlocks(text: string): string[] | undefined {
  const blocks = text.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) return undefined;
  const normalised: string[] = [];
  for (const block of blocks) {
    try {
      normalised.push(cachedCertificate(block).toString());
    } catch {
      return undefined;
    }
  }
  return normalised;
}

/** Key types and sizes a device accepts: RSA 1024–4096, EC P-256/P-384/P-521. */
const RSA_SIZES = [1024, 2048, 3072, 4096];
const EC_SIZES: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };

export type KeyReadResult = { ok: true; key: KeyObject; size: number } | { ok: false; reason: string };

/**
 * Reads a private key PEM (plain, encrypted PKCS#8 or legacy encrypted PEM) and checks its type and size;
 * `types` is the device's `privateKeyTypes` answer.
 */
export function readPrivateKeyPem(
  text: string,
  password: string | undefined,
  types: 'rsa-and-ec' | 'rsa-only' = 'rsa-and-ec',
): KeyReadResult {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return { ok: false, reason: 'not a PEM private key' };
  const encrypted = /ENCRYPTED/.test(text);
  let key: KeyObject;
  try {
    key = encrypted
      ? createPrivateKey({ key: text, format: 'pem', passphrase: password ?? '' })
      : cachedPrivateKey(text);
  } catch {
    return { ok: false, reason: 'bad key (unreadable, or wrong or missing password)' };
  }
  if (types === 'rsa-only' && key.asymmetricKeyType !== 'rsa') return { ok: false, reason: 'bad key type: RSA only' };
  const size = keySize(key);
  if (size === undefined) return { ok: false, reason: 'bad size: RSA 1024-4096 or EC P-256/P-384/P-521 only' };
  return { ok: true, key, size };
}

export function keySize(key: KeyObject): number | undefined {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details?.modulusLength ?? 0;
    return RSA_SIZES.includes(bits) ? bits : undefined;
  }
  if (key.asymmetricKeyType === 'ec') return EC_SIZES[details?.namedCurve ?? ''];
  return undefined;
}

/** The unencrypted PKCS#8 PEM the simulator keeps (and shows tests; the REST API never returns it). */
export function privateKeyToPem(key: KeyObject): string {
  let pem = exported.get(key);
  if (pem === undefined) {
    pem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
    exported.set(key, pem);
  }
  return pem;
}

const exported = new WeakMap<KeyObject, string>();

/** Whether the first certificate of `certificatePem` belongs to `privateKeyPem`. */
export function pairMatches(certificatePem: string, privateKeyPem: string): boolean {
  if (certificatePem === '' || privateKeyPem === '') return false;
  try {
    return cachedCertificate(certificatePem).checkPrivateKey(cachedPrivateKey(privateKeyPem));
  } catch {
    return false;
  }
}
