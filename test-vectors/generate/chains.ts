import { join } from 'node:path';
import { createCsr, signCsr, type SubjectAltName } from '@certwright/core';
import { pruneCases, writeCase } from './case-writer.js';
import { CaseMaker, CODE_CASE_RECIPES, type ChainCaseFields } from './chain-code-cases.js';
import { corruptSignature } from './der.js';
import {
  CA_NOT_AFTER,
  CA_NOT_BEFORE,
  CHAIN_RECIPES,
  type CaFamily,
  type ChainRecipe,
  HOSTNAME,
  LEAF_NOT_AFTER,
  LEAF_NOT_BEFORE,
  ORGANIZATION,
  VALIDATION_TIME,
} from './chain-recipes.js';
import type { TestKeyName, TestKeys } from './keys.js';
import { issueCaCertificate } from './openssl-ca.js';
import { fromPem, toPem } from './pem.js';

// Serial = [case number, role]: unique per issuer and readable in `openssl x509 -serial`.
const ROLE = { root: 1, ca1: 2, ca2: 3, server: 4, otherRoot: 5 } as const;

/**
 * Writes every chain case and returns the case ids: under `dir` (chains/) those that need only the
 * inputs the CLI's chain-verify test maps (certificates, time, purpose, host name); under
 * `optionsDir` (chains-options/) those that need more (see OPTION_FIELDS).
 */
export async function writeChainCases(
  dir: string,
  optionsDir: string,
  keys: TestKeys,
): Promise<{ chains: string[]; chainsOptions: string[] }> {
  for (const [index, recipe] of CHAIN_RECIPES.entries()) {
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
  const ids = CHAIN_RECIPES.map((recipe) => recipe.id);
  const optionIds: string[] = [];
  for (const [index, recipe] of CODE_CASE_RECIPES.entries()) {
    const built = await recipe.build(new CaseMaker(keys, CHAIN_RECIPES.length + index + 1));
    const { expected, opensslAgrees, opensslNote, purpose, ...inputs } = built.fields;
    const target = needsOptions(built.fields) ? optionsDir : dir;
    (target === dir ? ids : optionIds).push(recipe.id);
    await writeCase(join(target, recipe.id), built.pem, {
      id: recipe.id,
      description: recipe.description,
      trusted: built.trusted,
      untrusted: built.untrusted,
      leaf: 'server.crt',
      validationTime: VALIDATION_TIME,
      purpose: purpose ?? 'server',
      ...inputs,
      expected,
      ...(opensslAgrees === false ? { opensslAgrees, opensslNote } : {}),
    });
  }
  await pruneCases(dir, ids);
  await pruneCases(optionsDir, optionIds);
  return { chains: ids, chainsOptions: optionIds };
}

/**
 * case.json fields packages/cli/test/chain-verify.test.ts (which runs every case under chains/)
 * does not map to CLI flags yet; a case using one lives under chains-options/ instead.
 */
const OPTION_FIELDS = ['ip', 'email', 'crls', 'profile', 'allowWeak', 'maxDepth', 'maxCandidates', 'policy'] as const;

function needsOptions(fields: ChainCaseFields): boolean {
  return OPTION_FIELDS.some((field) => fields[field] !== undefined) || fields.expected.throws === true;
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
