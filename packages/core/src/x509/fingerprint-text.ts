/**
 * A SHA-256 fingerprint as Certwright shows it to people: colon-separated upper-case hex pairs, the
 * form of `CertificateInfo.fingerprintSha256` and of OpenSSL's `x509 -fingerprint -sha256`. Takes
 * plain hex (any case) or that form; anything that is not a hex digest (a placeholder such as `?`)
 * comes back unchanged.
 *
 * @example
 * fingerprintText('ab01ff'); // 'AB:01:FF'
 */
export function fingerprintText(fingerprint: string): string {
  const hex = fingerprint.replaceAll(':', '');
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) return fingerprint;
  return hex.toUpperCase().replace(/(..)(?!$)/g, '$1:');
}
