import { join } from 'node:path';
import { createCsr, signCsr, type SubjectAltName } from '@certwright/core';
import { pruneCases, writeCase } from './case-writer.js';
import { corruptSignature } from './der.js';
import type { TestKeyName, TestKeys } from './keys.js';
import { issueCaCertificate } from './openssl-ca.js';
import { fromPem, toPem } from './pem.js';

// Fixed dates, far from today, so the vectors never expire under anyone.
const CA_NOT_BEFORE = new Date('2024-01-01T00:00:00Z');
const CA_NOT_AFTER = new Date('2044-01-01T00:00:00Z');
const LEAF_NOT_BEFORE = new Date('2025-01-01T00:00:00Z');
const LEAF_NOT_AFTER = new Date('2035-01-01T00:00:00Z');
const VALIDATION_TIME = '2030-06-01T00:00:00Z';
const HOSTNAME = 'ovoc.example.com';
const ORGANIZATION = 'Certwright Test Vectors';

type CaFamily = 'test-rsa-2048' | 'test-ec-p256' | 'test-ed25519';

/** How one chain case departs from a good chain. */
type Twist = 'untrusted-root' | 'intermediate-missing' | 'corrupt-leaf-signature';

interface ChainRecipe {
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

const RECIPES: ChainRecipe[] = [
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

// Serial = [case number, role]: unique per issuer and readable in `openssl x509 -serial`.
const ROLE = { root: 1, ca1: 2, ca2: 3, server: 4, otherRoot: 5 } as const;

/** Writes every chain case under `dir` (chains/) and returns the case ids. */
export async function writeChainCases(dir: string, keys: TestKeys): Promise<string[]> {
  for (const [index, recipe] of RECIPES.entries()) {
    const files = await buildChain(recipe, index + 1, keys);
    await writeCase(join(dir, recipe.id), files.pem, {
      id: recipe.id,
      description: recipe.description,
      trusted: files.trusted,
      untrusted: files.untrusted,
      leaf: 'server.crt',
      validationTime: VALIDATION_TIME,
      purpose: 'server',
      hostname: HOSTNAME,
      expected: recipe.expected,
    });
  }
  const ids = RECIPES.map((recipe) => recipe.id);
  await pruneCases(dir, ids);
  return ids;
}

interface ChainFiles {
  pem: Record<string, string>;
  trusted: string[];
  untrusted: string[];
}

async function buildChain(recipe: ChainRecipe, caseNumber: number, keys: TestKeys): Promise<ChainFiles> {
  const serial = (role: number) => Uint8Array.of(caseNumber, role);
  const cas = await issueCas(recipe, keys, serial);
  const issuer = cas[cas.length - 1] as IssuedCa;
  const server = await issueLeaf(recipe, keys, issuer, serial(ROLE.server));
  const pem: Record<string, string> = { 'server.crt': server };
  for (const ca of cas) pem[`${ca.name}.crt`] = ca.certificatePem;
  const intermediates = cas.slice(1).map((ca) => `${ca.name}.crt`);
  const layout: ChainFiles = { pem, trusted: ['root.crt'], untrusted: intermediates };
  return applyTwist(recipe, layout, keys, serial(ROLE.otherRoot));
}

interface IssuedCa {
  name: 'root' | 'ca1' | 'ca2';
  certificatePem: string;
  keyName: TestKeyName;
}

async function issueCas(
  recipe: ChainRecipe,
  keys: TestKeys,
  serial: (role: number) => Uint8Array,
): Promise<IssuedCa[]> {
  const names = (['root', 'ca1', 'ca2'] as const).slice(0, recipe.intermediates + 1);
  const cas: IssuedCa[] = [];
  for (const [depth, name] of names.entries()) {
    const keyName = `${recipe.caKeys}-${name}` as TestKeyName;
    const parent = cas[depth - 1];
    const certificatePem = await issueCaCertificate({
      subject: `/O=${ORGANIZATION}/CN=${caCommonName(name, recipe.caKeys)}`,
      keyFile: keys.path(keyName),
      ...(parent ? { issuer: { certificatePem: parent.certificatePem, keyFile: keys.path(parent.keyName) } } : {}),
      serial: serial(ROLE[name]),
      notBefore: CA_NOT_BEFORE,
      notAfter: CA_NOT_AFTER,
      pathLength: recipe.intermediates - depth,
    });
    cas.push({ name, certificatePem, keyName });
  }
  return cas;
}

function caCommonName(name: IssuedCa['name'], family: CaFamily): string {
  const role = { root: 'Root CA', ca1: 'Intermediate CA 1', ca2: 'Intermediate CA 2' }[name];
  return `Certwright Test ${role} ${family.replace(/^test-/, '').toUpperCase()}`;
}

/** The server certificate, made the way an operator would: core's createCsr, then core's signCsr. */
async function issueLeaf(recipe: ChainRecipe, keys: TestKeys, issuer: IssuedCa, serial: Uint8Array): Promise<string> {
  const names = recipe.leafNames ?? [HOSTNAME];
  const sans: SubjectAltName[] = names.map((value) => ({ type: 'dns', value }));
  const csr = await createCsr({ key: keys.get(recipe.leafKey), subject: { cn: names[0], o: ORGANIZATION }, sans });
  const certificate = await signCsr({
    csr: csr.pem,
    issuerCertificate: issuer.certificatePem,
    issuerKey: keys.get(issuer.keyName),
    notBefore: recipe.leafNotBefore ?? LEAF_NOT_BEFORE,
    notAfter: recipe.leafNotAfter ?? LEAF_NOT_AFTER,
    serial: () => serial,
  });
  return certificate.pem;
}

async function applyTwist(recipe: ChainRecipe, layout: ChainFiles, keys: TestKeys, otherRootSerial: Uint8Array) {
  const { pem } = layout;
  switch (recipe.twist) {
    case undefined:
      return layout;
    case 'untrusted-root':
      pem['other-root.crt'] = await issueCaCertificate({
        subject: `/O=${ORGANIZATION}/CN=Certwright Test Other Root CA`,
        keyFile: keys.path('test-rsa-2048-other-root'),
        serial: otherRootSerial,
        notBefore: CA_NOT_BEFORE,
        notAfter: CA_NOT_AFTER,
        pathLength: 2,
      });
      return { pem, trusted: ['other-root.crt'], untrusted: [...layout.untrusted, 'root.crt'] };
    case 'intermediate-missing':
      delete pem['ca1.crt'];
      return { pem, trusted: layout.trusted, untrusted: layout.untrusted.filter((file) => file !== 'ca1.crt') };
    case 'corrupt-leaf-signature':
      pem['server.crt'] = toPem('CERTIFICATE', corruptSignature(fromPem(pem['server.crt'] as string)));
      return layout;
  }
}
