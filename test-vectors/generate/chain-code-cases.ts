/**
 * The chain cases that give every ERR_CHAIN_* problem code of core's validateChain a vector: each
 * departs from the good RSA chain (root → ca1 → ca2 → server) in one way. CA certificates, odd
 * leaves (SHA-1, RSA-1024, made-up critical extension, issued by a non-CA) and CRLs are made by
 * `openssl ca`; ordinary leaves by core's createCsr + signCsr; DER surgery by generator code.
 */
import { createCsr, signCsr, type SubjectAltName } from '@certwright/core';
import {
  CA_NOT_AFTER,
  CA_NOT_BEFORE,
  HOSTNAME,
  LEAF_NOT_AFTER,
  LEAF_NOT_BEFORE,
  ORGANIZATION,
} from './chain-recipes.js';
import type { TestKeyName, TestKeys } from './keys.js';
import { issueCaCertificate, issueCrl } from './openssl-ca.js';
import { fromPem, toPem } from './pem.js';

/** What a case.json says beyond the files (see README: chains/<case>/case.json). */
export interface ChainCaseFields {
  hostname?: string;
  ip?: string;
  email?: string;
  purpose?: 'server' | 'client' | 'any';
  profile?: 'strict' | 'webpki';
  allowWeak?: boolean;
  maxDepth?: number;
  maxCandidates?: number;
  policy?: { initialPolicySet?: string[]; explicitPolicy?: boolean };
  crls?: string[];
  expected: { valid: boolean; code: string | null; throws?: boolean };
  /** False when `openssl verify` does not implement the check; opensslNote says why. */
  opensslAgrees?: false;
  opensslNote?: string;
}

export interface BuiltCase {
  pem: Record<string, string>;
  trusted: string[];
  untrusted: string[];
  fields: ChainCaseFields;
}

export interface CodeCaseRecipe {
  id: string;
  description: string;
  build: (maker: CaseMaker) => Promise<BuiltCase>;
}

type CaName = 'root' | 'ca1' | 'ca2';
const CA_KEYS: Record<CaName, TestKeyName> = {
  root: 'test-rsa-2048-root',
  ca1: 'test-rsa-2048-ca1',
  ca2: 'test-rsa-2048-ca2',
};
const CN: Record<CaName, string> = {
  root: 'Certwright Test Root CA RSA-2048',
  ca1: 'Certwright Test Intermediate CA 1 RSA-2048',
  ca2: 'Certwright Test Intermediate CA 2 RSA-2048',
};
// Serial role bytes, as in chains.ts; 6+ for the extra certificates a case needs.
const ROLE = { root: 1, ca1: 2, ca2: 3, server: 4, otherRoot: 5, extra: 6 } as const;

const caProfile = (pathLength: number | undefined, selfSigned: boolean, extra = '') =>
  `basicConstraints = critical, CA:true${pathLength === undefined ? '' : `, pathlen:${pathLength}`}
keyUsage = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier = hash
${selfSigned ? '' : 'authorityKeyIdentifier = keyid:always\n'}${extra}`;

const leafProfile = (names: string, extra = '') =>
  `basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = ${names}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
${extra}`;

export interface Issued {
  pem: string;
  keyFile: string;
}

/** Certificates for one case, serials [case number, role]. */
export class CaseMaker {
  constructor(
    readonly keys: TestKeys,
    readonly caseNumber: number,
  ) {}

  serial(role: number): Uint8Array {
    return Uint8Array.of(this.caseNumber, role);
  }

  /** A CA certificate by openssl ca; `extensions` replaces the standard CA profile. */
  async ca(
    name: CaName,
    issuer: Issued | undefined,
    options: { pathLength?: number; extensions?: string; subject?: string; keyName?: TestKeyName; role?: number } = {},
  ): Promise<Issued> {
    const keyFile = this.keys.path(options.keyName ?? CA_KEYS[name]);
    const pathLength = options.pathLength ?? { root: 2, ca1: 1, ca2: 0 }[name];
    const pem = await issueCaCertificate({
      subject: options.subject ?? `/O=${ORGANIZATION}/CN=${CN[name]}`,
      keyFile,
      ...(issuer ? { issuer: { certificatePem: issuer.pem, keyFile: issuer.keyFile } } : {}),
      serial: this.serial(options.role ?? ROLE[name]),
      notBefore: CA_NOT_BEFORE,
      notAfter: CA_NOT_AFTER,
      pathLength,
      extensions: options.extensions ?? caProfile(pathLength, issuer === undefined),
    });
    return { pem, keyFile };
  }

  /** The standard root → ca1 → ca2. */
  async standardCas(): Promise<{ root: Issued; ca1: Issued; ca2: Issued }> {
    const root = await this.ca('root', undefined);
    const ca1 = await this.ca('ca1', root);
    const ca2 = await this.ca('ca2', ca1);
    return { root, ca1, ca2 };
  }

  /** A server certificate made the operator's way: core's createCsr, then core's signCsr. */
  async coreLeaf(issuer: Issued, issuerKey: TestKeyName, sans: SubjectAltName[] = [{ type: 'dns', value: HOSTNAME }]) {
    const csr = await createCsr({
      key: this.keys.get('test-rsa-2048'),
      subject: { cn: sans[0]?.value ?? HOSTNAME, o: ORGANIZATION },
      sans,
    });
    const certificate = await signCsr({
      csr: csr.pem,
      issuerCertificate: issuer.pem,
      issuerKey: this.keys.get(issuerKey),
      notBefore: LEAF_NOT_BEFORE,
      notAfter: LEAF_NOT_AFTER,
      serial: () => this.serial(ROLE.server),
    });
    return certificate.pem;
  }

  /** A server certificate by openssl ca, for profiles core will not issue. */
  async opensslLeaf(
    issuer: Issued,
    options: { extensions?: string; digest?: 'sha1'; keyFile?: string } = {},
  ): Promise<string> {
    return issueCaCertificate({
      subject: `/O=${ORGANIZATION}/CN=${HOSTNAME}`,
      keyFile: options.keyFile ?? this.keys.path('test-rsa-2048'),
      issuer: { certificatePem: issuer.pem, keyFile: issuer.keyFile },
      serial: this.serial(ROLE.server),
      notBefore: LEAF_NOT_BEFORE,
      notAfter: LEAF_NOT_AFTER,
      pathLength: 0,
      extensions: options.extensions ?? leafProfile(`DNS:${HOSTNAME}`),
      ...(options.digest ? { digest: options.digest } : {}),
    });
  }

  /** A CRL of `issuer` revoking `revoked` (serials), valid 2030-01-01 → 2031-01-01 unless told. */
  async crl(issuer: Issued, revoked: Uint8Array[] = [], dates: { lastUpdate?: Date; nextUpdate?: Date } = {}) {
    return issueCrl({
      issuer: { certificatePem: issuer.pem, keyFile: issuer.keyFile },
      revoked: revoked.map((serial) => ({ serial, revocationDate: new Date('2029-06-01T00:00:00Z') })),
      lastUpdate: dates.lastUpdate ?? new Date('2030-01-01T00:00:00Z'),
      nextUpdate: dates.nextUpdate ?? new Date('2031-01-01T00:00:00Z'),
      crlNumber: 1,
    });
  }
}

/** The files and layout of root → ca1 → ca2 → server with the given leaf. */
function layout(cas: { root: Issued; ca1: Issued; ca2: Issued }, server: string, fields: ChainCaseFields): BuiltCase {
  return {
    pem: { 'root.crt': cas.root.pem, 'ca1.crt': cas.ca1.pem, 'ca2.crt': cas.ca2.pem, 'server.crt': server },
    trusted: ['root.crt'],
    untrusted: ['ca1.crt', 'ca2.crt'],
    fields,
  };
}

const invalid = (code: string) => ({ valid: false, code });
const host = { hostname: HOSTNAME };

/** Replaces every occurrence of `from` by `to` (same length) in DER. */
function replaceBytes(der: Uint8Array, from: Uint8Array, to: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(der);
  let count = 0;
  for (let i = 0; i + from.length <= copy.length; i++) {
    if (from.every((byte, j) => copy[i + j] === byte)) {
      copy.set(to, i);
      count++;
    }
  }
  if (count !== 2) throw new Error(`expected the algorithm twice (tbs and outer), found ${count}`);
  return copy;
}

// sha256WithRSAEncryption 1.2.840.113549.1.1.11 and a made-up sibling 1.2.840.113549.1.1.127.
const SHA256_RSA = Uint8Array.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]);
const MADE_UP_RSA = Uint8Array.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x7f]);

/** Every case in number order; numbers continue after CHAIN_RECIPES. */
export const CODE_CASE_RECIPES: CodeCaseRecipe[] = [
  {
    id: 'ip-mismatch',
    description: 'The server certificate holds IP 192.0.2.10 (and its DNS name); the client expects IP 192.0.2.99.',
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.coreLeaf(cas.ca2, CA_KEYS.ca2, [
        { type: 'dns', value: HOSTNAME },
        { type: 'ip', value: '192.0.2.10' },
      ]);
      return layout(cas, server, { ip: '192.0.2.99', expected: invalid('ERR_CHAIN_IP_MISMATCH') });
    },
  },
  {
    id: 'email-mismatch',
    description:
      'The server certificate holds the email address pki@example.com (and its DNS name); the caller expects other@example.com.',
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.coreLeaf(cas.ca2, CA_KEYS.ca2, [
        { type: 'dns', value: HOSTNAME },
        { type: 'email', value: 'pki@example.com' },
      ]);
      return layout(cas, server, { email: 'other@example.com', expected: invalid('ERR_CHAIN_EMAIL_MISMATCH') });
    },
  },
  {
    id: 'unsupported-signature-algorithm',
    description:
      "The server certificate's signature algorithm (inner and outer) is rewritten to a made-up OID, 1.2.840.113549.1.1.127.",
    build: async (m) => {
      const cas = await m.standardCas();
      const server = fromPem(await m.coreLeaf(cas.ca2, CA_KEYS.ca2));
      const rewritten = toPem('CERTIFICATE', replaceBytes(server, SHA256_RSA, MADE_UP_RSA));
      return layout(cas, rewritten, { ...host, expected: invalid('ERR_CHAIN_UNSUPPORTED_ALGORITHM') });
    },
  },
  {
    id: 'weak-hash',
    description: 'ca2 signs the server certificate with SHA-1 (sha1WithRSAEncryption).',
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.opensslLeaf(cas.ca2, { digest: 'sha1' });
      return layout(cas, server, { ...host, expected: invalid('ERR_CHAIN_WEAK_HASH') });
    },
  },
  {
    id: 'weak-hash-allowed',
    description: 'The same SHA-1-signed server certificate as weak-hash, validated with allowWeak: valid.',
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.opensslLeaf(cas.ca2, { digest: 'sha1' });
      return layout(cas, server, { ...host, allowWeak: true, expected: { valid: true, code: null } });
    },
  },
  {
    id: 'weak-key',
    description: 'The server certificate certifies an RSA-1024 key (keys/test-rsa-1024.key).',
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.opensslLeaf(cas.ca2, { keyFile: m.keys.path('test-rsa-1024') });
      return layout(cas, server, { ...host, expected: invalid('ERR_CHAIN_WEAK_KEY') });
    },
  },
  {
    id: 'issuer-not-ca',
    description:
      'ca2, the issuer of the server certificate, is itself an end-entity certificate: basicConstraints CA:FALSE.',
    build: async (m) => {
      const root = await m.ca('root', undefined);
      const ca1 = await m.ca('ca1', root);
      const ca2 = await m.ca('ca2', ca1, {
        extensions: `basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`,
      });
      const server = await m.opensslLeaf(ca2);
      return layout({ root, ca1, ca2 }, server, { ...host, expected: invalid('ERR_CHAIN_NOT_CA') });
    },
  },
  {
    id: 'path-length-exceeded',
    description: 'The root says pathlen:0, yet ca1 (an intermediate) sits below it: root → ca1 → server.',
    build: async (m) => {
      const root = await m.ca('root', undefined, { pathLength: 0 });
      const ca1 = await m.ca('ca1', root, { pathLength: 0 });
      const server = await m.coreLeaf(ca1, CA_KEYS.ca1);
      return {
        pem: { 'root.crt': root.pem, 'ca1.crt': ca1.pem, 'server.crt': server },
        trusted: ['root.crt'],
        untrusted: ['ca1.crt'],
        fields: { ...host, expected: invalid('ERR_CHAIN_PATH_LENGTH_EXCEEDED') },
      };
    },
  },
  {
    id: 'max-depth',
    description: 'The good two-intermediate chain, validated with maxDepth 1 (at most one intermediate).',
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.coreLeaf(cas.ca2, CA_KEYS.ca2);
      return layout(cas, server, { ...host, maxDepth: 1, expected: invalid('ERR_CHAIN_MAX_DEPTH') });
    },
  },
  {
    id: 'ca-without-keycertsign',
    description: "ca2's keyUsage is digitalSignature + cRLSign: no keyCertSign, yet it issued the server certificate.",
    build: async (m) => {
      const root = await m.ca('root', undefined);
      const ca1 = await m.ca('ca1', root);
      const ca2 = await m.ca('ca2', ca1, {
        extensions: caProfile(0, false).replace('digitalSignature, keyCertSign, cRLSign', 'digitalSignature, cRLSign'),
      });
      const server = await m.opensslLeaf(ca2);
      return layout({ root, ca1, ca2 }, server, { ...host, expected: invalid('ERR_CHAIN_KEY_USAGE') });
    },
  },
  {
    id: 'leaf-client-auth-only',
    description: 'The leaf\'s extendedKeyUsage is clientAuth only; the purpose is "server".',
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.opensslLeaf(cas.ca2, {
        extensions: leafProfile(`DNS:${HOSTNAME}`).replace('serverAuth', 'clientAuth'),
      });
      return layout(cas, server, { ...host, expected: invalid('ERR_CHAIN_EXTENDED_KEY_USAGE') });
    },
  },
  {
    id: 'name-constraints-violated',
    description:
      'ca2 may only issue for internal.example.com (permitted DNS subtree); the leaf names ovoc.example.com.',
    build: async (m) => {
      const root = await m.ca('root', undefined);
      const ca1 = await m.ca('ca1', root);
      const ca2 = await m.ca('ca2', ca1, {
        extensions: caProfile(0, false, 'nameConstraints = critical, permitted;DNS:internal.example.com\n'),
      });
      const server = await m.coreLeaf(ca2, CA_KEYS.ca2);
      return layout({ root, ca1, ca2 }, server, { ...host, expected: invalid('ERR_CHAIN_NAME_CONSTRAINTS') });
    },
  },
  {
    id: 'unknown-critical-extension',
    description: 'The leaf carries a made-up critical extension 1.3.6.1.4.1.55555.1 (value NULL).',
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.opensslLeaf(cas.ca2, {
        extensions: leafProfile(`DNS:${HOSTNAME}`, '1.3.6.1.4.1.55555.1 = critical, ASN1:NULL\n'),
      });
      return layout(cas, server, { ...host, expected: invalid('ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION') });
    },
  },
  {
    id: 'critical-authority-key-id',
    description:
      'The leaf marks its authorityKeyIdentifier critical, which RFC 5280 §4.2.1.1 forbids the issuing CA (profile strict holds it to that).',
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.opensslLeaf(cas.ca2, {
        extensions: leafProfile(`DNS:${HOSTNAME}`).replace(
          'authorityKeyIdentifier = keyid:always',
          'authorityKeyIdentifier = critical, keyid:always',
        ),
      });
      return layout(cas, server, { ...host, profile: 'strict', expected: invalid('ERR_CHAIN_INVALID_EXTENSION') });
    },
  },
  {
    id: 'webpki-leaf-without-eku',
    description:
      'The leaf has no extendedKeyUsage: fine under RFC 5280 (any purpose), refused by profile webpki (BR §7.1.2.7.6).',
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.opensslLeaf(cas.ca2, {
        extensions: leafProfile(`DNS:${HOSTNAME}`).replace('extendedKeyUsage = serverAuth\n', ''),
      });
      return layout(cas, server, {
        ...host,
        profile: 'webpki',
        expected: invalid('ERR_CHAIN_WEBPKI_PROFILE'),
        opensslAgrees: false,
        opensslNote:
          'openssl verify has no CA/Browser Forum profile: a leaf without extendedKeyUsage passes -purpose sslserver, so it says OK',
      });
    },
  },
  {
    id: 'explicit-policy-required',
    description:
      'The caller requires an explicit policy (policy.explicitPolicy); no certificate has certificatePolicies.',
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.coreLeaf(cas.ca2, CA_KEYS.ca2);
      return layout(cas, server, { ...host, policy: { explicitPolicy: true }, expected: invalid('ERR_CHAIN_POLICY') });
    },
  },
  {
    id: 'leaf-revoked',
    description:
      "CRLs from the root, ca1 and ca2 (2030-01-01 → 2031-01-01); ca2's lists the server certificate's serial.",
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.coreLeaf(cas.ca2, CA_KEYS.ca2);
      const built = layout(cas, server, {
        ...host,
        crls: ['root.crl', 'ca1.crl', 'ca2.crl'],
        expected: invalid('ERR_CHAIN_REVOKED'),
      });
      built.pem['root.crl'] = await m.crl(cas.root);
      built.pem['ca1.crl'] = await m.crl(cas.ca1);
      built.pem['ca2.crl'] = await m.crl(cas.ca2, [m.serial(ROLE.server)]);
      return built;
    },
  },
  {
    id: 'crl-missing',
    description: 'CRLs from the root and ca1 are given, none from ca2: the server certificate cannot be checked.',
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.coreLeaf(cas.ca2, CA_KEYS.ca2);
      const built = layout(cas, server, {
        ...host,
        crls: ['root.crl', 'ca1.crl'],
        expected: invalid('ERR_CHAIN_CRL_MISSING'),
      });
      built.pem['root.crl'] = await m.crl(cas.root);
      built.pem['ca1.crl'] = await m.crl(cas.ca1);
      return built;
    },
  },
  {
    id: 'crl-expired',
    description:
      "ca2's CRL was current 2028-01-01 → 2029-01-01: out of date at the validation time (root and ca1 CRLs are current).",
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.coreLeaf(cas.ca2, CA_KEYS.ca2);
      const built = layout(cas, server, {
        ...host,
        crls: ['root.crl', 'ca1.crl', 'ca2.crl'],
        expected: invalid('ERR_CHAIN_CRL_INVALID'),
      });
      built.pem['root.crl'] = await m.crl(cas.root);
      built.pem['ca1.crl'] = await m.crl(cas.ca1);
      built.pem['ca2.crl'] = await m.crl(cas.ca2, [], {
        lastUpdate: new Date('2028-01-01T00:00:00Z'),
        nextUpdate: new Date('2029-01-01T00:00:00Z'),
      });
      return built;
    },
  },
  {
    id: 'leaf-truncated',
    description: 'The server certificate is cut off after its first 200 bytes: not readable DER. validateChain throws.',
    build: async (m) => {
      const cas = await m.standardCas();
      const der = fromPem(await m.coreLeaf(cas.ca2, CA_KEYS.ca2));
      const truncated = toPem('CERTIFICATE', der.subarray(0, 200));
      return layout(cas, truncated, {
        ...host,
        expected: { valid: false, code: 'ERR_CHAIN_MALFORMED', throws: true },
      });
    },
  },
  {
    id: 'search-limit',
    description:
      'ca1 is also cross-signed by an untrusted other root (ca1-cross.crt, same subject and key), so ca2 has two candidate issuers; maxCandidates 2 stops the search before it reaches the root.',
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.coreLeaf(cas.ca2, CA_KEYS.ca2);
      const otherRoot = await m.ca('root', undefined, {
        subject: `/O=${ORGANIZATION}/CN=Certwright Test Other Root CA`,
        keyName: 'test-rsa-2048-other-root',
        role: ROLE.otherRoot,
      });
      const ca1Cross = await m.ca('ca1', otherRoot, { role: ROLE.extra });
      const built = layout(cas, server, {
        ...host,
        maxCandidates: 2,
        expected: invalid('ERR_CHAIN_SEARCH_LIMIT'),
        opensslAgrees: false,
        opensslNote: 'openssl verify has no candidate cap for path building: it finds root.crt and says OK',
      });
      built.pem['ca1-cross.crt'] = ca1Cross.pem;
      built.pem['other-root.crt'] = otherRoot.pem;
      built.untrusted = ['ca1.crt', 'ca2.crt', 'ca1-cross.crt', 'other-root.crt'];
      return built;
    },
  },
  {
    id: 'chain-loop',
    description:
      'Loop CA A issued the leaf; A was issued by Loop CA B and B by A. No anchor is reachable (only other-root.crt is trusted).',
    build: async (m) => {
      const subjectA = `/O=${ORGANIZATION}/CN=Certwright Test Loop CA A`;
      const subjectB = `/O=${ORGANIZATION}/CN=Certwright Test Loop CA B`;
      const keyA = 'test-rsa-2048-ca1' as const;
      const keyB = 'test-rsa-2048-ca2' as const;
      // A throwaway self-signed B only lends its name and key to A's issuer.
      const seedB = await m.ca('ca2', undefined, { subject: subjectB, keyName: keyB, role: ROLE.extra });
      const a = await m.ca('ca1', seedB, { subject: subjectA, keyName: keyA, pathLength: 2 });
      const b = await m.ca('ca2', a, { subject: subjectB, keyName: keyB, pathLength: 2 });
      const otherRoot = await m.ca('root', undefined, {
        subject: `/O=${ORGANIZATION}/CN=Certwright Test Other Root CA`,
        keyName: 'test-rsa-2048-other-root',
        role: ROLE.otherRoot,
      });
      const server = await m.coreLeaf(a, keyA);
      return {
        pem: { 'ca-a.crt': a.pem, 'ca-b.crt': b.pem, 'other-root.crt': otherRoot.pem, 'server.crt': server },
        trusted: ['other-root.crt'],
        untrusted: ['ca-a.crt', 'ca-b.crt'],
        fields: { ...host, expected: invalid('ERR_CHAIN_INTERMEDIATE_MISSING') },
      };
    },
  },
  {
    id: 'two-candidate-roots',
    description:
      'Two self-signed roots with the same subject and key (serials 1 and 6), both trusted: either anchors the path.',
    build: async (m) => {
      const cas = await m.standardCas();
      const server = await m.coreLeaf(cas.ca2, CA_KEYS.ca2);
      const twin = await m.ca('root', undefined, { role: ROLE.extra });
      const built = layout(cas, server, { ...host, expected: { valid: true, code: null } });
      built.pem['root-twin.crt'] = twin.pem;
      built.trusted = ['root.crt', 'root-twin.crt'];
      return built;
    },
  },
  {
    id: 'anchor-expired',
    description:
      'The trusted root expired 2029-01-01; ca1, ca2 and the leaf are current. Enforced anchor constraints (RFC 5937, the default) say the anchor is the cause.',
    build: async (m) => {
      const keyFile = m.keys.path(CA_KEYS.root);
      const root = {
        keyFile,
        pem: await issueCaCertificate({
          subject: `/O=${ORGANIZATION}/CN=${CN.root}`,
          keyFile,
          serial: m.serial(ROLE.root),
          notBefore: CA_NOT_BEFORE,
          notAfter: new Date('2029-01-01T00:00:00Z'),
          pathLength: 2,
          extensions: caProfile(2, true),
        }),
      };
      const ca1 = await m.ca('ca1', root);
      const ca2 = await m.ca('ca2', ca1);
      const server = await m.coreLeaf(ca2, CA_KEYS.ca2);
      return layout({ root, ca1, ca2 }, server, { ...host, expected: invalid('ERR_CHAIN_ANCHOR_EXPIRED') });
    },
  },
  {
    id: 'leaf-is-anchor',
    description:
      'A self-signed server certificate that is itself the only trust anchor: refused unless the caller pins it (leafIsAnchor accept).',
    build: async (m) => {
      const server = await issueCaCertificate({
        subject: `/O=${ORGANIZATION}/CN=${HOSTNAME}`,
        keyFile: m.keys.path('test-rsa-2048'),
        serial: m.serial(ROLE.server),
        notBefore: LEAF_NOT_BEFORE,
        notAfter: LEAF_NOT_AFTER,
        pathLength: 0,
        extensions: leafProfile(`DNS:${HOSTNAME}`).replace('authorityKeyIdentifier = keyid:always\n', ''),
      });
      return {
        pem: { 'server.crt': server },
        trusted: ['server.crt'],
        untrusted: [],
        fields: {
          ...host,
          expected: invalid('ERR_CHAIN_LEAF_IS_ANCHOR'),
          opensslAgrees: false,
          opensslNote: 'openssl verify accepts a certificate found in its own trust store',
        },
      };
    },
  },
];
