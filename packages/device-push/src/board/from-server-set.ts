// The three files OVOC's guidelines name for the devices — board_cert.pem, board_pkey.pem, root.pem — built
// from a server set (root.crt, ca1.crt, ca2.crt, server.crt and its key): the device certificate with its
// intermediates in path order, the root, and the key that matches. Checked before anything is written.
import { encodeCertificates, keyMatchesCertificate, type PrivateKey, validateChain } from '@certwright/core';
import { DeviceError } from '../client/errors.js';
import { sha256Hex } from '../client/tls-trust.js';

/** A server set as `import` writes it, and the key of its server certificate. */
export interface BoardFromServerSetInput {
  /** server.crt (the leaf). */
  server: Uint8Array;
  /** ca1.crt, ca2.crt, … in any order. */
  intermediates: readonly Uint8Array[];
  /** root.crt. */
  root: Uint8Array;
  key: PrivateKey;
  at?: Date | undefined;
  /** RSA below 2048 bits and SHA-1 signatures (OVOC's own default files). */
  allowWeak?: boolean | undefined;
}

/** The certificate files for the devices, in the order devices present them. */
export interface BoardCertificates {
  /** board_cert.pem: the leaf, then each intermediate up to (not including) the root. */
  certificatePem: string;
  /** root.pem */
  rootPem: string;
  /** SHA-256 of the leaf, hex. */
  fingerprint: string;
  intermediates: number;
}

/**
 * Orders the set by the validated path and checks the key. Throws ERR_DEVICE_PREFLIGHT (field `key` or
 * `from`) when the key does not match server.crt or the set does not chain to root.crt.
 */
export async function boardFromServerSet(input: BoardFromServerSetInput): Promise<BoardCertificates> {
  if (!(await keyMatchesCertificate(input.key, input.server, { source: 'server.crt' }))) {
    throw preflight('the key does not match server.crt', 'key');
  }
  const result = validateChain({
    leaf: input.server,
    intermediates: input.intermediates,
    trustAnchors: [input.root],
    purpose: 'any',
    profile: 'rfc5280',
    allowWeak: input.allowWeak ?? false,
    ...(input.at === undefined ? {} : { at: input.at }),
  });
  if (!result.valid) {
    const problems = result.problems.map((problem) => `${problem.code}: ${problem.message}`).join('; ');
    throw preflight(`server.crt does not chain to root.crt (${problems})`, 'from');
  }
  // The path runs leaf → anchor; the anchor is root.pem, the rest is what the device presents.
  const chain = result.path.slice(0, -1);
  return {
    certificatePem: encodeCertificates(chain, 'pem'),
    rootPem: encodeCertificates([input.root], 'pem'),
    fingerprint: sha256Hex(input.server),
    intermediates: chain.length - 1,
  };
}

function preflight(message: string, field: string): DeviceError {
  return new DeviceError('ERR_DEVICE_PREFLIGHT', message, { device: 'pre-flight', field });
}
