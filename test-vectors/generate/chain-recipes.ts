import type { TestKeyName } from './keys.js';

// Fixed dates, far from today, so the vectors never expire under anyone.
export const CA_NOT_BEFORE = new Date('2024-01-01T00:00:00Z');
export const CA_NOT_AFTER = new Date('2044-01-01T00:00:00Z');
export const LEAF_NOT_BEFORE = new Date('2025-01-01T00:00:00Z');
export const LEAF_NOT_AFTER = new Date('2035-01-01T00:00:00Z');
export const VALIDATION_TIME = '2030-06-01T00:00:00Z';
export const HOSTNAME = 'ovoc.example.com';
export const ORGANIZATION = 'Certwright Test Vectors';

export type CaFamily = 'test-rsa-2048' | 'test-ec-p256' | 'test-ed25519';

/** How one chain case departs from a good chain. */
type Twist = 'untrusted-root' | 'intermediate-missing' | 'corrupt-leaf-signature';

export interface ChainRecipe {
  id: string;
  description: string;
  /** The key family of root, ca1 and ca2. */
  caKeys: CaFamily;
  intermediates: 0 | 1 | 2;
  leafKey: TestKeyName;
  leafNotBefore?: Date;
  leafNotAfter?: Date;
  /** The leaf's DNS names, the first also its CN. Default: the case hostname. */
  leafNames?: string[];
  twist?: Twist;
  expected: { valid: boolean; code: string | null };
}

const GOOD = { valid: true, code: null };

/** Every chain case, in case-number order (the number is part of each serial). */
export const CHAIN_RECIPES: ChainRecipe[] = [
  {
    id: 'rsa-no-intermediate',
    description: 'RSA-2048 root issues the server certificate directly.',
    caKeys: 'test-rsa-2048',
    intermediates: 0,
    leafKey: 'test-rsa-2048',
    expected: GOOD,
  },
  {
    id: 'rsa-one-intermediate',
    description: 'RSA-2048 root → ca1 → server.',
    caKeys: 'test-rsa-2048',
    intermediates: 1,
    leafKey: 'test-rsa-2048',
    expected: GOOD,
  },
  {
    id: 'rsa-two-intermediates',
    description: 'RSA-2048 root → ca1 → ca2 → server, the OVOC directory layout.',
    caKeys: 'test-rsa-2048',
    intermediates: 2,
    leafKey: 'test-rsa-2048',
    expected: GOOD,
  },
  {
    id: 'ec-p256-two-intermediates',
    description: 'EC P-256 throughout: root → ca1 → ca2 → server, ECDSA-SHA256 signatures.',
    caKeys: 'test-ec-p256',
    intermediates: 2,
    leafKey: 'test-ec-p256',
    expected: GOOD,
  },
  {
    id: 'ec-p384-leaf-rsa-cas',
    description: 'An EC P-384 server key certified by RSA-2048 CAs (root → ca1 → ca2 → server).',
    caKeys: 'test-rsa-2048',
    intermediates: 2,
    leafKey: 'test-ec-p384',
    expected: GOOD,
  },
  {
    id: 'ed25519-two-intermediates',
    description: 'Ed25519 throughout: root → ca1 → ca2 → server.',
    caKeys: 'test-ed25519',
    intermediates: 2,
    leafKey: 'test-ed25519',
    expected: GOOD,
  },
  {
    id: 'leaf-expired',
    description: 'The server certificate was valid 2025-01-01 to 2026-01-01: expired at the validation time.',
    caKeys: 'test-rsa-2048',
    intermediates: 2,
    leafKey: 'test-rsa-2048',
    leafNotAfter: new Date('2026-01-01T00:00:00Z'),
    expected: { valid: false, code: 'ERR_CHAIN_EXPIRED' },
  },
  {
    id: 'leaf-not-yet-valid',
    description: 'The server certificate is valid from 2031-01-01: not yet valid at the validation time.',
    caKeys: 'test-rsa-2048',
    intermediates: 2,
    leafKey: 'test-rsa-2048',
    leafNotBefore: new Date('2031-01-01T00:00:00Z'),
    expected: { valid: false, code: 'ERR_CHAIN_NOT_YET_VALID' },
  },
  {
    id: 'hostname-mismatch',
    description: 'The server certificate names other.example.com only; the client expects ovoc.example.com.',
    caKeys: 'test-rsa-2048',
    intermediates: 2,
    leafKey: 'test-rsa-2048',
    leafNames: ['other.example.com'],
    expected: { valid: false, code: 'ERR_CHAIN_HOSTNAME_MISMATCH' },
  },
  {
    id: 'untrusted-root',
    description:
      'A complete chain up to its self-signed root, but only another root (other-root.crt) is trusted; the chain root is among the untrusted certificates, as when a server sends it.',
    caKeys: 'test-rsa-2048',
    intermediates: 2,
    leafKey: 'test-rsa-2048',
    twist: 'untrusted-root',
    expected: { valid: false, code: 'ERR_CHAIN_UNTRUSTED_ROOT' },
  },
  {
    id: 'intermediate-missing',
    description: 'ca1 (issued by the root, issuer of ca2) is not supplied, so no path reaches the root.',
    caKeys: 'test-rsa-2048',
    intermediates: 2,
    leafKey: 'test-rsa-2048',
    twist: 'intermediate-missing',
    expected: { valid: false, code: 'ERR_CHAIN_INTERMEDIATE_MISSING' },
  },
  {
    id: 'leaf-bad-signature',
    description: "The last byte of the server certificate's signature is flipped; everything else is intact.",
    caKeys: 'test-rsa-2048',
    intermediates: 2,
    leafKey: 'test-rsa-2048',
    twist: 'corrupt-leaf-signature',
    expected: { valid: false, code: 'ERR_CHAIN_BAD_SIGNATURE' },
  },
];
