import { X509Certificate } from 'node:crypto';
import { pemBlocks } from '../client/device-client.js';
import { sha256Hex } from '../client/tls-trust.js';

/** Fingerprints by PEM block: a fleet's devices mostly hold the same roots, read back several times each. */
const cache = new Map<string, string | undefined>();

/** SHA-256 fingerprints (hex) of the certificates in a PEM text; unreadable blocks are skipped. */
export function pemFingerprints(text: string): string[] {
  const fingerprints: string[] = [];
  for (const block of pemBlocks(text)) {
    if (!block.startsWith('-----BEGIN CERTIFICATE-----')) continue;
    if (!cache.has(block)) {
      // Bounded, so memory does not grow with the fleet.
      if (cache.size >= 2000) cache.clear();
      cache.set(block, fingerprintOf(block));
    }
    const fingerprint = cache.get(block);
    if (fingerprint !== undefined) fingerprints.push(fingerprint);
  }
  return fingerprints;
}

function fingerprintOf(block: string): string | undefined {
  try {
    return sha256Hex(new Uint8Array(new X509Certificate(block).raw));
  } catch {
    return undefined; // not a certificate Node can read: it cannot be the one pushed either
  }
}
