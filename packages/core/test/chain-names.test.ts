import { describe, expect, it } from 'vitest';
import type { NameConstraints } from '../src/x509/extensions.js';
import type { GeneralName } from '../src/x509/general-names.js';
import { dnsNameMatches, isValidDnsName, sanMatchesEmail, sanMatchesIp } from '../src/x509/hostname-match.js';
import { constraintsDefect, dnsWithin, findConstraintViolation } from '../src/chain/name-constraints.js';

const dns = (text: string): GeneralName => ({ kind: 'dns', text });
const email = (text: string): GeneralName => ({ kind: 'email', text });
const ip = (...bytes: number[]): GeneralName => ({ kind: 'ip', bytes: Uint8Array.from(bytes) });
const constraints = (permitted: GeneralName[], excluded: GeneralName[] = []): NameConstraints => ({
  permitted: permitted.map((base) => ({ base, plain: true })),
  excluded: excluded.map((base) => ({ base, plain: true })),
});

describe('host name matching (RFC 6125)', () => {
  it.each([
    ['example.com', 'EXAMPLE.com', true],
    ['example.com', 'example.com.', true],
    ['*.example.com', 'foo.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['*.com', 'example.com', false],
    ['ba*.example.com', 'baz.example.com', false],
    ['foo.*.example.com', 'foo.bar.example.com', false],
    ['*.example.com', '*.example.com', false],
  ])('%s covers %s: %s', (pattern, host, expected) => {
    expect(dnsNameMatches(pattern, host)).toBe(expected);
  });

  it('validates DNS name syntax', () => {
    expect(isValidDnsName('*.example.com', true)).toBe(true);
    expect(isValidDnsName('*.example.com', false)).toBe(false);
    expect(isValidDnsName('under_score.example.com', true)).toBe(false);
    expect(isValidDnsName('.example.com', true)).toBe(false);
  });

  it('matches IP addresses by value and email addresses with a case-insensitive domain', () => {
    expect(sanMatchesIp([ip(0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1)], '2001:DB8::1')).toBe(true);
    expect(sanMatchesIp([ip(10, 0, 0, 1)], '10.0.0.2')).toBe(false);
    expect(sanMatchesEmail([email('Pki@Example.COM')], 'Pki@example.com')).toBe(true);
    expect(sanMatchesEmail([email('Pki@example.com')], 'pki@example.com')).toBe(false);
  });
});

describe('name constraints (RFC 5280 §4.2.1.10)', () => {
  it('treats a DNS constraint as the name and its subdomains, a leading period as subdomains only', () => {
    expect(dnsWithin('example.com', 'example.com')).toBe(true);
    expect(dnsWithin('example.com', 'a.example.com')).toBe(true);
    expect(dnsWithin('example.com', 'badexample.com')).toBe(false);
    expect(dnsWithin('.example.com', 'example.com')).toBe(false);
    expect(dnsWithin('', 'anything.test')).toBe(true);
  });

  it('rejects names outside the permitted subtrees of their kind only', () => {
    const permitOnly = constraints([dns('example.com')]);
    expect(findConstraintViolation([dns('www.example.com')], permitOnly)).toBeUndefined();
    expect(findConstraintViolation([dns('www.example.org')], permitOnly)).toMatch(/not in a permitted subtree/);
    expect(findConstraintViolation([ip(192, 0, 2, 1)], permitOnly)).toBeUndefined();
  });

  it('lets exclusions win and catches wildcards that could expand into them', () => {
    const both = constraints([dns('example.com')], [dns('bar.example.com')]);
    expect(findConstraintViolation([dns('bar.example.com')], both)).toMatch(/excluded/);
    expect(findConstraintViolation([dns('*.example.com')], both)).toMatch(/excluded/);
    expect(findConstraintViolation([dns('foo.example.com')], both)).toBeUndefined();
  });

  it('matches IP ranges and mailboxes', () => {
    const ranges = constraints([ip(192, 0, 2, 0, 255, 255, 255, 0)]);
    expect(findConstraintViolation([ip(192, 0, 2, 77)], ranges)).toBeUndefined();
    expect(findConstraintViolation([ip(192, 0, 3, 1)], ranges)).toBeDefined();
    const mail = constraints([email('example.com')]);
    expect(findConstraintViolation([email('a@example.com')], mail)).toBeUndefined();
    expect(findConstraintViolation([email('a@sub.example.com')], mail)).toBeDefined();
  });

  it('finds malformed constraints', () => {
    expect(constraintsDefect(constraints([dns('*.example.com')]))).toMatch(/malformed/);
    expect(constraintsDefect(constraints([ip(192, 0, 2, 0, 255, 0, 255, 0)]))).toMatch(/contiguous/);
    expect(constraintsDefect(constraints([email('a@b@example.com')]))).toMatch(/malformed/);
  });

  it('refuses to compare more than about a million name and constraint pairs', () => {
    const many = Array.from({ length: 1100 }, (_, index) => dns(`n${index}.example.com`));
    expect(findConstraintViolation(many, constraints(many))).toMatch(/too many/);
  });
});
