/** The inputs one path validation works with, and the list its checks add problems to. */
import type {
  ChainPolicyOptions,
  ChainProblem,
  ChainProblemCode,
  ChainProfile,
  ChainPurpose,
  ChainRevocationMode,
} from './types.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import type { ParsedCrl } from './revocation/crl-parse.js';
import type { ParsedOcspResponse } from './revocation/ocsp-parse.js';

export interface PathContext {
  /** Leaf first; the anchor last when `anchored`. */
  path: readonly ParsedCertificate[];
  anchored: boolean;
  /** Validation time in ms, truncated to whole seconds (certificate times have no fractions). */
  at: number;
  purpose: ChainPurpose;
  profile: ChainProfile;
  hostname: string | undefined;
  ip: string | undefined;
  email: string | undefined;
  allowCommonNameFallback: boolean;
  allowWeak: boolean;
  isPublicSuffix: ((domain: string) => boolean) | undefined;
  maxDepth: number;
  /** `enforce`: every constraint the anchor certificate carries applies (RFC 5937); `ignore`: only its name and key. */
  anchorConstraints: 'enforce' | 'ignore';
  /** Whether a leaf that is itself a trust anchor is accepted (pinning) or refused. */
  leafIsAnchor: 'accept' | 'refuse';
  /** What an undetermined revocation status means (see ValidateChainOptions.revocation). */
  revocationMode: ChainRevocationMode;
  crls: readonly ParsedCrl[] | undefined;
  ocspResponses: readonly ParsedOcspResponse[];
  /** Seconds of clock difference tolerated on OCSP thisUpdate/nextUpdate. */
  ocspClockSkewSeconds: number | undefined;
  /** Every certificate the caller supplied (anchors and intermediates): where indirect CRL signers are looked up. */
  pool: readonly ParsedCertificate[];
  policy: ChainPolicyOptions;
  problems: ChainProblem[];
  /**
   * Certificates (by id) whose revocation status an outer check is determining: validating a CRL
   * signer's own path does not check them again (RFC 5280 §6.3.3 f, without endless recursion).
   */
  revocationStack: readonly string[];
  /** Validates a CRL signer's own path to this path's trust anchor (§6.3.3 f); `checked` is whose status needs it. */
  validateCrlSigner: (signer: ParsedCertificate, checked: ParsedCertificate) => boolean;
}

/** Records a problem about the certificate at `index` (-1: the path as a whole). */
export function report(context: PathContext, code: ChainProblemCode, index: number, message: string): void {
  context.problems.push({ code, message, certificateIndex: index });
}

/** True for the trust anchor of an anchored path when only its name and key count (`anchorConstraints: 'ignore'`). */
export function isIgnoredAnchor(context: PathContext, index: number): boolean {
  return context.anchorConstraints === 'ignore' && context.anchored && index > 0 && index === context.path.length - 1;
}

/** A short label for messages: `leaf`, `intermediate 2`, `trust anchor`. */
export function roleOf(context: PathContext, index: number): string {
  if (index === 0) return 'leaf';
  if (context.anchored && index === context.path.length - 1) return 'trust anchor';
  return `intermediate ${index}`;
}
