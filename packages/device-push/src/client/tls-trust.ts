import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { DeviceError } from './errors.js';

/**
 * How the client decides to trust a device's TLS certificate. A connection is trusted when the served
 * chain verifies against `caPem` (with the host name or IP matched), or when the served leaf's SHA-256
 * fingerprint is one of `pinsSha256`, or with `insecureSkipVerify`. Without a CA bundle the system
 * roots are NOT consulted: a device either chains to the operator's CA or is pinned.
 */
export interface TlsTrust {
  /** PEM bundle of the CAs that issued the devices' certificates. */
  caPem?: string | undefined;
  /** Accepted leaf fingerprints: SHA-256 of the DER, hex, colons and case ignored. */
  pinsSha256?: readonly string[] | undefined;
  /** Accept any certificate (the caller warned the user). */
  insecureSkipVerify?: boolean | undefined;
}

/** A client certificate and key (PEM) presented for mutual TLS. */
export interface ClientIdentity {
  certificatePem: string;
  keyPem: string;
}

/** `AB:cd:…` → `abcd…`; throws unless it is 32 bytes of hex. */
export function normalizeFingerprint(text: string, device = 'device'): string {
  const hex = text.replaceAll(':', '').trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new DeviceError('ERR_DEVICE_INVENTORY', 'pin_sha256 must be 64 hex digits (colons allowed)', {
      device,
      field: 'pin_sha256',
    });
  }
  return hex;
}

/** SHA-256 of DER bytes, lower-case hex without colons (the form reports and pins use). */
export function sha256Hex(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/** True when the trust settings accept nothing at all: a configuration error, caught before connecting. */
export function trustIsEmpty(trust: TlsTrust): boolean {
  return !trust.insecureSkipVerify && trust.caPem === undefined && (trust.pinsSha256 ?? []).length === 0;
}

/** The served leaf's DER, or undefined when the server sent none. */
export function servedLeaf(socket: TLSSocket): Uint8Array | undefined {
  if (leaves.has(socket)) return leaves.get(socket);
  // getPeerX509Certificate: no conversion of every field to JS objects, as getPeerCertificate does.
  // Node 20 answers it only once per socket, hence the cache.
  const peer = socket.getPeerX509Certificate();
  const leaf = peer === undefined ? undefined : new Uint8Array(peer.raw);
  leaves.set(socket, leaf);
  return leaf;
}

const leaves = new WeakMap<TLSSocket, Uint8Array | undefined>();

/** Decides trust for one established connection; returns the reason it is not trusted, or undefined. */
export function untrustedReason(socket: TLSSocket, trust: TlsTrust): string | undefined {
  if (trust.insecureSkipVerify) return undefined;
  const leaf = servedLeaf(socket);
  if (leaf === undefined) return 'the device sent no certificate';
  const pins = (trust.pinsSha256 ?? []).map((pin) => normalizeFingerprint(pin));
  if (pins.includes(sha256Hex(leaf))) return undefined;
  if (trust.caPem !== undefined && socket.authorized) return undefined;
  const fingerprint = sha256Hex(leaf);
  if (trust.caPem !== undefined) {
    return `certificate ${fingerprint} not trusted (${String(socket.authorizationError)}) and not pinned`;
  }
  return `certificate ${fingerprint} is not pinned and no CA file was given`;
}
