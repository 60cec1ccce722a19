import type { ErrorCode } from '../error-codes/catalogue.js';

/** A certificate as PEM text, DER bytes, the bytes of a PEM file, or anything parsed that carries its DER (e.g. parseCertificate's result). */
export type ChainCertificateInput = string | Uint8Array | { readonly der: Uint8Array };

/** What the leaf certificate is for: a TLS server, a TLS client, or any purpose (no EKU check). */
export type ChainPurpose = 'server' | 'client' | 'any';

/**
 * The validation profile: `rfc5280`, the RFC 5280 §6 path validation algorithm with the checks RFC
 * 5280 places on relying parties; `strict`, that plus the rules RFC 5280 places on issuing CAs
 * (extension criticality, key identifiers, serial numbers); `webpki`, `strict` plus the CA/Browser
 * Forum rules web TLS clients apply.
 */
export type ChainProfile = 'rfc5280' | 'strict' | 'webpki';

/** Every code a validation problem can carry. */
export type ChainProblemCode = Extract<ErrorCode, `ERR_CHAIN_${string}`>;

/** One reason a path is not valid. */
export interface ChainProblem {
  code: ChainProblemCode;
  message: string;
  /** Position in `path` (0 = leaf); -1 when the problem is about the path as a whole. */
  certificateIndex: number;
}

/** What an undetermined revocation status means: not checked, accepted, or a failure. */
export type ChainRevocationMode = 'off' | 'soft-fail' | 'hard-fail';

/** RFC 5280 §6.1.1 policy inputs. */
export interface ChainPolicyOptions {
  /** Acceptable policy OIDs; default any-policy (2.5.29.32.0). */
  initialPolicySet?: readonly string[];
  explicitPolicy?: boolean;
  policyMappingInhibit?: boolean;
  anyPolicyInhibit?: boolean;
}

/** Options shared by buildPaths and validateChain. */
export interface BuildPathsOptions {
  leaf: ChainCertificateInput;
  intermediates?: readonly ChainCertificateInput[];
  trustAnchors: readonly ChainCertificateInput[];
  /** Validation time; default now. Used to order candidates (currently valid issuers first). */
  at?: Date;
  /** Most intermediates a path may hold; default 8. */
  maxDepth?: number;
  /** Most partial paths the search may extend before it gives up; default 2,000. */
  maxCandidates?: number;
}

/** validateChain's options. */
export interface ValidateChainOptions extends BuildPathsOptions {
  purpose?: ChainPurpose;
  /** A DNS name the leaf must hold (SAN dNSName; wildcards in the left-most label). */
  hostname?: string;
  /** An IPv4 or IPv6 address the leaf must hold (SAN iPAddress). */
  ip?: string;
  /** An email address the leaf must hold (SAN rfc822Name). */
  email?: string;
  /** Fall back to the subject CN for the host name when the leaf has no DNS SAN (off by default). */
  allowCommonNameFallback?: boolean;
  /** CRLs (PEM or DER), processed as RFC 5280 §6.3.3 says (distribution points, indirect and delta CRLs). */
  crls?: readonly (string | Uint8Array)[];
  /** DER OCSP responses (RFC 6960), e.g. a stapled one; each is used for the certificates it answers for. */
  ocspResponses?: readonly Uint8Array[];
  /**
   * What an undetermined revocation status means for every certificate but the anchor: `hard-fail`
   * (a problem: ERR_CHAIN_CRL_MISSING, ERR_CHAIN_OCSP_*, ERR_CHAIN_REVOCATION_UNDETERMINED), `soft-fail`
   * (accepted, only a revoked certificate fails) or `off` (not checked). Default: `hard-fail` when
   * CRLs or OCSP responses are given, `off` otherwise.
   */
  revocation?: ChainRevocationMode;
  /** Seconds of clock difference tolerated on OCSP thisUpdate/nextUpdate; default 300. */
  ocspClockSkewSeconds?: number;
  /**
   * `enforce` (default): every constraint the trust anchor's certificate carries applies (RFC 5937):
   * validity (ERR_CHAIN_ANCHOR_EXPIRED), basicConstraints and path length (an anchor without the
   * extension, e.g. a version 1 root, is accepted under profile `rfc5280`), keyUsage, extendedKeyUsage,
   * name constraints, and its policy extensions (certificatePolicies narrow the initial policy set;
   * requireExplicitPolicy, inhibitPolicyMapping, inhibitAnyPolicy count from the certificate below
   * it). `ignore`: only the anchor's name and key are used, as RFC 5280 §6.1 describes.
   */
  anchorConstraints?: 'enforce' | 'ignore';
  /**
   * A leaf that is itself one of the trust anchors is refused (ERR_CHAIN_LEAF_IS_ANCHOR) unless this
   * is `accept`: pinning a self-signed or factory certificate.
   */
  leafIsAnchor?: 'accept' | 'refuse';
  profile?: ChainProfile;
  policy?: ChainPolicyOptions;
  /** Accept MD5/SHA-1 signatures and RSA/DSA keys below 2048 bits. */
  allowWeak?: boolean;
  /**
   * Tells whether a domain is a public suffix (`co.uk`, `s3.amazonaws.com`). Profile `webpki` refuses
   * a wildcard over a public suffix (BR §3.2.2.6). Default: the Public Suffix List (ICANN and private
   * sections) bundled by the `tldts` package; pass your own to use a newer or a site-specific list.
   */
  isPublicSuffix?: (domain: string) => boolean;
}

/** The outcome of validateChain. */
export interface ChainValidationResult {
  valid: boolean;
  /** The validated path (or the best failing candidate) from leaf to anchor, as DER. */
  path: Uint8Array[];
  /** The policies the path is valid for (RFC 5280 §6.1.6 user-constrained-policy-set); ['2.5.29.32.0'] means any. */
  policySet: string[];
  problems: ChainProblem[];
  /** The revocation status of each certificate checked (all but the anchor); empty when revocation is not checked. */
  revocation: ChainRevocationStatus[];
}

/** One certificate's revocation status and what decided it. */
export interface ChainRevocationStatus {
  /** Position in `path` (0 = leaf). */
  certificateIndex: number;
  /** `undetermined`: no CRL or OCSP response in scope could be used (or they cover only some reasons). */
  status: 'good' | 'revoked' | 'undetermined';
  /** The CRLs (`the CRL of "CA" number 3`) or OCSP response that decided, or why nothing could. */
  source: string;
}
