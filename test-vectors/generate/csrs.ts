import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCsr, type SubjectAltName, type SubjectFields } from '@certwright/core';
import { pruneCases, writeCase } from './case-writer.js';
import { corruptSignature } from './der.js';
import { countryCodeCsr } from './hand-made-csr.js';
import { type TestKeyName, type TestKeys, WEAK_RSA_KEY } from './keys.js';
import { openssl } from './openssl.js';
import { fromPem, toPem } from './pem.js';

const SUBJECT: SubjectFields = {
  cn: 'ovoc.example.com',
  o: 'Certwright Test Vectors',
  ou: 'Voice Operations',
  l: 'Springfield',
  st: 'Oregon',
  c: 'US',
};

const ALL_SAN_KINDS: SubjectAltName[] = [
  { type: 'dns', value: 'ovoc.example.com' },
  { type: 'dns', value: 'ovoc-secondary.example.com' },
  { type: 'ip', value: '192.0.2.10' },
  { type: 'ip', value: '2001:db8::10' },
  { type: 'email', value: 'pki@example.com' },
  { type: 'uri', value: 'https://ovoc.example.com/ovoc' },
];

interface CsrRecipe {
  id: string;
  description: string;
  key: TestKeyName | typeof WEAK_RSA_KEY;
  make: (keys: TestKeys) => Promise<string>;
  expected: { signatureValid: boolean; lint: string[] };
}

const viaCore = (key: TestKeyName, subject: SubjectFields, sans: SubjectAltName[]) => async (keys: TestKeys) =>
  (await createCsr({ key: keys.get(key), subject, sans })).pem;

const RECIPES: CsrRecipe[] = [
  {
    id: 'rsa-all-san-kinds',
    description: 'RSA-2048, full subject, DNS, IP (v4 and v6), email and URI SANs; made by core.',
    key: 'test-rsa-2048',
    make: viaCore('test-rsa-2048', SUBJECT, ALL_SAN_KINDS),
    expected: { signatureValid: true, lint: [] },
  },
  {
    id: 'ec-p256-all-san-kinds',
    description: 'EC P-256, full subject, DNS, IP (v4 and v6), email and URI SANs; made by core.',
    key: 'test-ec-p256',
    make: viaCore('test-ec-p256', SUBJECT, ALL_SAN_KINDS),
    expected: { signatureValid: true, lint: [] },
  },
  {
    id: 'ed25519-all-san-kinds',
    description: 'Ed25519, full subject, DNS, IP (v4 and v6), email and URI SANs; made by core.',
    key: 'test-ed25519',
    make: viaCore('test-ed25519', SUBJECT, ALL_SAN_KINDS),
    expected: { signatureValid: true, lint: [] },
  },
  {
    id: 'no-san',
    description: 'RSA-2048 with a CN and no subject alternative names; made by core.',
    key: 'test-rsa-2048',
    make: viaCore('test-rsa-2048', SUBJECT, []),
    expected: { signatureValid: true, lint: ['LINT_NO_SAN'] },
  },
  {
    id: 'cn-not-in-san',
    description: 'RSA-2048, CN ovoc.example.com but the only SAN is ovoc-primary.example.com; made by core.',
    key: 'test-rsa-2048',
    make: viaCore('test-rsa-2048', SUBJECT, [{ type: 'dns', value: 'ovoc-primary.example.com' }]),
    expected: { signatureValid: true, lint: ['LINT_CN_NOT_IN_SAN'] },
  },
  {
    id: 'sha1-signature',
    description: 'RSA-2048 signed with SHA-1; made by openssl req (core refuses to).',
    key: 'test-rsa-2048',
    make: (keys) => viaOpenssl(keys.path('test-rsa-2048'), '-sha1'),
    expected: { signatureValid: true, lint: ['LINT_WEAK_SIGNATURE'] },
  },
  {
    id: 'rsa-1024',
    description: 'RSA-1024 key, SHA-256 signature; made by openssl req (core refuses such keys).',
    key: WEAK_RSA_KEY,
    make: (keys) => viaOpenssl(keys.path(WEAK_RSA_KEY), '-sha256'),
    expected: { signatureValid: true, lint: ['LINT_WEAK_RSA'] },
  },
  {
    id: 'bad-signature',
    description:
      'rsa-all-san-kinds with the last byte of its signature flipped: the request is intact, the signature is not.',
    key: 'test-rsa-2048',
    make: async (keys) =>
      toPem(
        'CERTIFICATE REQUEST',
        corruptSignature(fromPem(await viaCore('test-rsa-2048', SUBJECT, ALL_SAN_KINDS)(keys))),
      ),
    expected: { signatureValid: false, lint: [] },
  },
  {
    id: 'country-three-letters',
    description:
      'C=USA (three letters) with a DNS SAN, RSA-2048, SHA-256. Neither core nor openssl req will write it, so the generator encodes it itself.',
    key: 'test-rsa-2048',
    make: async (keys) => countryCodeCsr(keys.get('test-rsa-2048'), 'USA'),
    expected: { signatureValid: true, lint: ['LINT_COUNTRY_CODE'] },
  },
];

/** Writes every CSR case under `dir` (csrs/) and returns the case ids. */
export async function writeCsrCases(dir: string, keys: TestKeys): Promise<string[]> {
  for (const recipe of RECIPES) {
    await writeCase(
      join(dir, recipe.id),
      { 'request.csr': await recipe.make(keys) },
      {
        description: recipe.description,
        csr: 'request.csr',
        key: `../../keys/${recipe.key}.key`,
        expected: recipe.expected,
      },
    );
  }
  const ids = RECIPES.map((recipe) => recipe.id);
  await pruneCases(dir, ids);
  return ids;
}

// A config of its own, so the system openssl.cnf cannot add attributes or extensions.
const REQ_CONFIG = '[req]\ndistinguished_name = req_dn\n[req_dn]\n';

async function viaOpenssl(keyFile: string, digest: string): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'certwright-vectors-req-'));
  try {
    await writeFile(join(work, 'req.cnf'), REQ_CONFIG);
    const subject = '/C=US/O=Certwright Test Vectors/CN=ovoc.example.com';
    await openssl(
      [
        'req',
        '-config',
        'req.cnf',
        '-new',
        digest,
        '-key',
        keyFile,
        '-subj',
        subject,
        '-addext',
        'subjectAltName=DNS:ovoc.example.com',
        '-out',
        'request.csr',
      ],
      { cwd: work },
    );
    return await readFile(join(work, 'request.csr'), 'utf8');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
