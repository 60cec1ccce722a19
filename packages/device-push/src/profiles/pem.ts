import { pemBlocks } from '../client/device-client.js';
import { sha256Hex } from '../client/tls-trust.js';

/** Fingerprints by PEM block: a fleet's devices mostly hold the same roots, read back several times each. */
const cache = new Map<string, string | undefined>();

/** SHA-256 fingerprints (hex) of the certificates in a PEM text; blocks that hold no DER SEQUENCE are skipped. */
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

/**
 * SHA-256 of the block's DER. Only the DER's outer shape is checked (one SEQUENCE spanning every byte),
 * not the certificate inside: every use compares fingerprints, and a block that is not the certificate
 * pushed cannot match it. Parsing each certificate (Node's X509Certificate) cost a third of a millisecond
 * per distinct certificate, which a fleet of factory certificates paid once per device.
 */
function fingerprintOf(block: string): string | undefined {
  const base64 = block.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '');
  const der = Buffer.from(base64, 'base64');
  return isOneDerSequence(der) ? sha256Hex(der) : undefined; // unreadable: it cannot be the one pushed either
}

function isOneDerSequence(der: Uint8Array): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false;
  const first = der[1] as number;
  if (first < 0x80) return 2 + first === der.length;
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4 || der.length < 2 + octets) return false;
  let length = 0;
  for (let index = 0; index < octets; index++) length = length * 256 + (der[2 + index] as number);
  return 2 + octets + length === der.length;
}
