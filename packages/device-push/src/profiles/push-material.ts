import {
  encodeCertificates,
  exportPrivateKeyPem,
  keyMatchesCertificate,
  type PrivateKey,
  readCertificates,
  validateChain,
} from '@certwright/core';
import { DeviceError } from '../client/errors.js';
import { X509Certificate } from 'node:crypto';
import type { ClientIdentity } from '../client/tls-trust.js';
import { sha256Hex } from '../client/tls-trust.js';
import { traditionalKeyPem } from './wire-key.js';

/** What the operator gave for a push, before any check. */
export interface PushInput {
  /** board_cert.pem: the device certificate first, then its intermediates (self-signed roots in it are left out). */
  certificate: string | Uint8Array;
  /** board_pkey.pem, already read (and decrypted) by the caller. */
  key: PrivateKey;
  /** root.pem: one or more trusted root certificates for the device. */
  roots: string | Uint8Array;
  /** --mutual: the client pair Certwright reconnects with; must chain to `roots`. */
  client?: { certificate: string | Uint8Array; key: PrivateKey } | undefined;
  /** Validation time (default now). */
  at?: Date | undefined;
  /** Upload the leaf alone, without its intermediates (--leaf-only). */
  leafOnly?: boolean | undefined;
  /** Let RSA keys below 2048 bits and SHA-1/MD5 signatures through (OVOC's default board files; --allow-weak-board-key). */
  allowWeak?: boolean | undefined;
}

/** The checked material every device gets. */
export interface PushMaterial {
  /** What is uploaded: the leaf, then its intermediates (unless leaf-only). */
  certificatePem: string;
  /** The leaf alone: what a device that refuses a chain gets instead. */
  leafPem: string;
  /** How many intermediates `certificatePem` carries after the leaf. */
  intermediates: number;
  /** SHA-256 of the leaf DER, lower-case hex: what each device must serve afterwards. */
  certificateFingerprint: string;
  /** Unencrypted PKCS#1 (RSA) or SEC1 (EC), the form every firmware reads: it travels only inside the verified
   * TLS connection (or over --allow-http, warned). */
  keyPem: string;
  rootPems: string[];
  rootFingerprints: string[];
  clientIdentity?: ClientIdentity | undefined;
}

/**
 * Global pre-flight, before any device is contacted: the key matches the certificate, the
 * certificate chains to the roots being pushed, and with --mutual the client pair matches and chains too.
 * Throws DeviceError ERR_DEVICE_PREFLIGHT (or ERR_KEY_MISMATCH from core) and touches nothing.
 */
export async function preparePushMaterial(input: PushInput): Promise<PushMaterial> {
  const certificates = await readCertificates(input.certificate, { source: 'certificate' });
  const leaf = certificates[0] as Uint8Array;
  const roots = await readCertificates(input.roots, { source: 'root' });
  if (!(await keyMatchesCertificate(input.key, leaf, { source: 'certificate' }))) {
    throw preflight('the private key does not match the device certificate', 'key');
  }
  assertChains(leaf, certificates.slice(1), roots, input.at, 'certificate', input.allowWeak);
  let clientIdentity: ClientIdentity | undefined;
  if (input.client !== undefined) {
    const clientCertificates = await readCertificates(input.client.certificate, { source: 'client certificate' });
    const clientLeaf = clientCertificates[0] as Uint8Array;
    if (!(await keyMatchesCertificate(input.client.key, clientLeaf, { source: 'client certificate' }))) {
      throw preflight('the client key does not match the client certificate', 'client-key');
    }
    assertChains(clientLeaf, clientCertificates.slice(1), roots, input.at, 'client-cert', input.allowWeak);
    clientIdentity = {
      certificatePem: encodeCertificates(clientCertificates, 'pem'),
      keyPem: await exportPrivateKeyPem(input.client.key),
    };
  }
  // Intermediates in the file's order; a root that came along is left out (peers hold it, devices need not send it).
  const intermediates = input.leafOnly ? [] : certificates.slice(1).filter((der) => !isSelfIssued(der));
  return {
    certificatePem: encodeCertificates([leaf, ...intermediates], 'pem'),
    leafPem: encodeCertificates([leaf], 'pem'),
    intermediates: intermediates.length,
    certificateFingerprint: sha256Hex(leaf),
    keyPem: traditionalKeyPem(input.key),
    rootPems: roots.map((root) => encodeCertificates([root], 'pem')),
    rootFingerprints: roots.map(sha256Hex),
    clientIdentity,
  };
}

function assertChains(
  leaf: Uint8Array,
  intermediates: Uint8Array[],
  roots: Uint8Array[],
  at: Date | undefined,
  field: string,
  allowWeak: boolean | undefined,
): void {
  const result = validateChain({
    leaf,
    intermediates,
    trustAnchors: roots,
    purpose: 'any',
    profile: 'rfc5280',
    allowWeak: allowWeak ?? false,
    ...(at === undefined ? {} : { at }),
  });
  if (result.valid) return;
  const problems = result.problems.map((problem) => `${problem.code}: ${problem.message}`).join('; ');
  throw preflight(
    `the ${field === 'certificate' ? 'device' : 'client'} certificate does not chain to the pushed root (${problems})`,
    field,
  );
}

function preflight(message: string, field: string): DeviceError {
  return new DeviceError('ERR_DEVICE_PREFLIGHT', message, { device: 'pre-flight', field });
}

function isSelfIssued(der: Uint8Array): boolean {
  const certificate = new X509Certificate(der);
  return certificate.subject === certificate.issuer;
}
