/**
 * Syntax checks for the names a certificate carries (RFC 5280 §4.2.1.6, RFC 1123 host names).
 * Each returns the reason a value is refused, or undefined when it is fine.
 */

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// Printable ASCII without space: what IA5String names may hold in practice.
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/** Why a DNS name is not a valid host name; a leading `*` label is allowed when asked for. */
export function dnsNameProblem(value: string, options: { allowWildcard: boolean }): string | undefined {
  if (value.length === 0) return 'empty DNS name';
  if (value.length > 253) return 'DNS name longer than 253 characters';
  if (!VISIBLE_ASCII.test(value)) return 'DNS name must be ASCII (use the xn-- form for international names)';
  const labels = value.split('.');
  const [first, ...rest] = labels;
  if (first === '*') {
    if (!options.allowWildcard) return 'wildcard not allowed here';
    if (rest.length === 0) return 'a wildcard needs a domain after it (*.example.com)';
    return labelsProblem(rest);
  }
  if (labels.some((label) => label.includes('*')))
    return 'a wildcard may only be the whole leftmost label (*.example.com)';
  return labelsProblem(labels);
}

function labelsProblem(labels: string[]): string | undefined {
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad === undefined) return undefined;
  if (bad === '') return 'empty label (two dots in a row, or a leading or trailing dot)';
  return `label "${bad}" must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen`;
}

/** Why an email address is not usable as an rfc822Name: one `@`, a local part, a host-name domain. */
export function emailProblem(value: string): string | undefined {
  if (!VISIBLE_ASCII.test(value)) return 'email address must be ASCII without spaces';
  const parts = value.split('@');
  if (parts.length !== 2) return 'email address must contain exactly one @';
  const [local = '', domain = ''] = parts;
  if (local === '') return 'email address has nothing before the @';
  const domainProblem = dnsNameProblem(domain, { allowWildcard: false });
  return domainProblem === undefined ? undefined : `email domain: ${domainProblem}`;
}

/** Why a URI is not usable as a uniformResourceIdentifier: it needs a scheme and something after it. */
export function uriProblem(value: string): string | undefined {
  if (!VISIBLE_ASCII.test(value)) return 'URI must be ASCII without spaces';
  const scheme = URI_SCHEME.exec(value);
  if (scheme === null) return 'URI needs a scheme (https:, ldap:, urn:, …)';
  if (value.length === scheme[0].length) return 'URI has nothing after its scheme';
  return undefined;
}

/** True for C0 control characters and DEL, which break text output and some device parsers. */
export function isControlCharacter(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}
