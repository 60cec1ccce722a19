import type { webcrypto } from 'node:crypto';
import { CsrError, sourcePrefix } from '../errors.js';
import { publicKeyFromSpki, signatureScheme, verifyWithKey } from '../keys/signature-verify.js';
import { readCsr } from './parse.js';
import type { CsrInfo } from './types.js';

/** Options for verifyCsr and assertCsrSignature. */
export interface VerifyCsrOptions {
  /** Names the input in messages, e.g. the file name. */
  source?: string;
  /** Accepted for compatibility; CSR signatures are verified with node:crypto. */
  crypto?: webcrypto.Crypto;
}

/**
 * True when the CSR's self-signature verifies with its own public key. False when it does not, or
 * when the signature algorithm is MD5 or one that cannot be checked here.
 *
 * @throws FormatError / CsrError ERR_CSR_INVALID when the input is not a CSR at all.
 */
export async function verifyCsr(csr: CsrInfo | string | Uint8Array, options: VerifyCsrOptions = {}): Promise<boolean> {
  const request = readCsr(isCsrInfo(csr) ? csr.der : csr, options.source);
  // MD5 proves nothing (collisions are cheap); an unknown algorithm or a key Node refuses: not proven.
  if (signatureScheme(request.signatureAlgorithm)?.hash === 'md5') return false;
  return verifyWithKey(request.info, request.signatureAlgorithm, request.signature, publicKeyFromSpki(request.spki));
}

/**
 * Throws unless the CSR's self-signature verifies: proof that whoever made it holds the private key.
 *
 * @throws CsrError ERR_CSR_BAD_SIGNATURE, its message starting with the source name.
 */
export async function assertCsrSignature(
  csr: CsrInfo | string | Uint8Array,
  options: VerifyCsrOptions = {},
): Promise<void> {
  if (await verifyCsr(csr, options)) return;
  const { source } = options;
  throw new CsrError(
    'ERR_CSR_BAD_SIGNATURE',
    `${sourcePrefix(source)}the CSR's signature does not verify with its public key (altered, or an unsupported algorithm)`,
    { source },
  );
}

function isCsrInfo(csr: CsrInfo | string | Uint8Array): csr is CsrInfo {
  return typeof csr === 'object' && !(csr instanceof Uint8Array);
}
