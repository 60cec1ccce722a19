/** Chain validation problems (validateChain returns them; ERR_CHAIN_MALFORMED is also thrown). */
import { error } from './entry.js';

export const CHAIN_CODES = {
  ERR_CHAIN_MALFORMED: error(
    3,
    'a certificate that is not valid DER/X.509, larger than 16 MiB, nested deeper than 64 or of more than 500,000 ASN.1 elements (refused before parsing), or one with encoding defects: duplicate or malformed extensions, inner and outer signature algorithms differ, a signature BIT STRING with unused bits, a version v1 written out, unique identifiers in a v1 certificate, a serial number that is not minimal DER, bad serial number (profiles `strict` and `webpki`), empty issuer or CA subject',
  ),
  ERR_CHAIN_EXPIRED: error(
    1,
    "a certificate's notAfter is before the validation time (bounds are inclusive, to the second)",
  ),
  ERR_CHAIN_ANCHOR_EXPIRED: error(
    1,
    "the trust anchor's own certificate has expired (its constraints are enforced by default; `anchorConstraints: 'ignore'` uses only its name and key)",
  ),
  ERR_CHAIN_LEAF_IS_ANCHOR: error(
    1,
    "the leaf is itself one of the trust anchors: refused unless the caller pins it with `leafIsAnchor: 'accept'` (CLI `--leaf-is-anchor accept`)",
  ),
  ERR_CHAIN_NOT_YET_VALID: error(1, "a certificate's notBefore is after the validation time"),
  ERR_CHAIN_HOSTNAME_MISMATCH: error(
    1,
    'no DNS SAN of the leaf matches the expected host name (an IP-literal host name: no iPAddress SAN equals it); no common-name fallback unless `allowCommonNameFallback`',
  ),
  ERR_CHAIN_IP_MISMATCH: error(1, 'no iPAddress SAN of the leaf equals the expected IP address'),
  ERR_CHAIN_EMAIL_MISMATCH: error(1, 'no rfc822Name SAN of the leaf equals the expected email address'),
  ERR_CHAIN_UNTRUSTED_ROOT: error(1, 'the path ends at a self-signed root that is not among the trust anchors'),
  ERR_CHAIN_INTERMEDIATE_MISSING: error(
    1,
    'no issuer of the last certificate found among the intermediates and anchors',
  ),
  ERR_CHAIN_BAD_SIGNATURE: error(1, "a certificate's signature does not verify with its issuer's public key"),
  ERR_CHAIN_UNSUPPORTED_ALGORITHM: error(1, 'a signature algorithm or public key the validator cannot verify or read'),
  ERR_CHAIN_WEAK_HASH: error(1, 'a signature over MD5 or SHA-1 (allowed with `allowWeak`)'),
  ERR_CHAIN_WEAK_KEY: error(1, 'an RSA or DSA key below 2048 bits (allowed with `allowWeak`)'),
  ERR_CHAIN_NOT_CA: error(1, 'an issuing certificate without basicConstraints cA=TRUE (or not version 3)'),
  ERR_CHAIN_PATH_LENGTH_EXCEEDED: error(
    1,
    'more non-self-issued intermediates below a CA than its pathLenConstraint allows',
  ),
  ERR_CHAIN_MAX_DEPTH: error(1, "more non-self-issued intermediates than the caller's `maxDepth`"),
  ERR_CHAIN_KEY_USAGE: error(
    1,
    'a CA whose keyUsage lacks keyCertSign, a non-CA with keyCertSign, or (webpki) a leaf keyUsage unfit for TLS',
  ),
  ERR_CHAIN_EXTENDED_KEY_USAGE: error(
    1,
    "the leaf's (or a CA's) extendedKeyUsage does not allow the purpose (TLS server or client)",
  ),
  ERR_CHAIN_NAME_CONSTRAINTS: error(
    1,
    "a name of a certificate lies outside a CA's permitted subtrees or inside its excluded ones, or the constraints are malformed",
  ),
  ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION: error(
    1,
    'a certificate on the path has a critical extension the validator does not process, or a critical certificatePolicies with a policy qualifier other than CPS and user notice (RFC 5280 §4.2.1.4, every profile)',
  ),
  ERR_CHAIN_INVALID_EXTENSION: error(
    1,
    'an extension breaks a rule RFC 5280 places on the issuing CA — checked under profiles `strict` and `webpki`, not `rfc5280` (whose §6 algorithm does not): critical AKI/SKI/AIA, missing AKI (only a self-signed certificate may omit it, a trust anchor included) or CA SKI, non-critical basicConstraints or policyConstraints in a CA, non-critical nameConstraints (`strict`), a non-critical SAN with an empty subject; and, in every profile, malformed SAN values',
  ),
  ERR_CHAIN_WEBPKI_PROFILE: error(
    1,
    '(profile `webpki`) a CA/Browser Forum Baseline Requirements rule: key type or size, subscriber EKU/SAN/CN, a wildcard over a public suffix, root AKI or EKU',
  ),
  ERR_CHAIN_POLICY: error(
    1,
    "the certificate policies of the path do not satisfy the policy inputs (explicit policy required, none valid), the trust anchor's own policy constraints and certificatePolicies included (RFC 5937)",
  ),
  ERR_CHAIN_REVOKED: error(
    1,
    "a CRL in scope (from the certificate's issuer, or the cRLIssuer its distribution point names, possibly indirect or a delta CRL) lists its serial number",
  ),
  ERR_CHAIN_CRL_MISSING: error(
    1,
    "CRLs were given but the certificate's revocation status is undetermined (RFC 5280 §6.3.3): no usable CRL in scope from its issuer or distribution points, or the usable ones cover only some revocation reasons",
  ),
  ERR_CHAIN_CRL_INVALID: error(
    1,
    'a CRL in scope that cannot be used (reported with `ERR_CHAIN_CRL_MISSING` when nothing else decided): unreadable, not current, an unknown critical CRL or entry extension, no signer certificate whose key verifies it, signer without cRLSign or without a valid path to the same trust anchor; under `strict`/`webpki` also no or critical cRLNumber',
  ),
  ERR_CHAIN_OCSP_INVALID: error(
    1,
    "an OCSP response that cannot be relied on: unreadable, not `successful` (tryLater, unauthorized, …), a bad signature, signed by neither the certificate's issuer nor a responder it issued with extendedKeyUsage OCSPSigning (valid at the validation time), or an unknown critical extension",
  ),
  ERR_CHAIN_OCSP_EXPIRED: error(
    1,
    'an OCSP response for the certificate whose nextUpdate has passed, or whose thisUpdate is still ahead, beyond the clock-skew allowance (`ocspClockSkewSeconds`, default 300)',
  ),
  ERR_CHAIN_OCSP_UNKNOWN: error(
    1,
    'the OCSP responder answers `unknown` for the certificate: its status is undetermined (never taken as revoked)',
  ),
  ERR_CHAIN_REVOCATION_UNDETERMINED: error(
    1,
    "revocation is checked (`revocation: 'hard-fail'`, the default once CRLs or OCSP responses are given) but no CRL was given and no OCSP response answers usably for this certificate; `checkOcspResponse` also gives it for a response about other certificates only (wrong CertID)",
  ),
  ERR_CHAIN_SEARCH_LIMIT: error(
    1,
    'the path search stopped at its candidate cap (`maxCandidates`) without finding a valid path',
  ),
} as const;
