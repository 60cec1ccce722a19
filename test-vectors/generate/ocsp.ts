import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pruneCases } from './case-writer.js';
import type { TestKeyName, TestKeys } from './keys.js';
import { issueCaCertificate } from './openssl-ca.js';

const execFileAsync = promisify(execFile);

/** The instant every OCSP case is judged at; responses are made a few hours to a month before. */
export const OCSP_VALIDATION_TIME = '2030-06-01T00:00:00Z';

/** What `openssl ocsp -respin … -cert leaf.crt` concludes, read from its output (see opensslOcspVerdict). */
export type OpensslOcspVerdict = 'good' | 'revoked' | 'unknown' | 'verify-failure' | 'times-invalid' | 'no-status';

/** The status core's checkOcspResponse must give, and the problem code with it (null when good). */
export interface OcspExpectation {
  status: 'good' | 'revoked' | 'unknown' | 'unusable';
  code: string | null;
}

/** ocsp/<id>/case.json. */
export interface OcspCase {
  id: string;
  description: string;
  /** The trust anchor, the certificate asked about and its issuer, relative to the case directory. */
  trusted: string[];
  issuer: string;
  certificate: string;
  /** Other certificates offered (a delegated responder's own certificate travels in the response too). */
  untrusted: string[];
  response: string;
  validationTime: string;
  expected: OcspExpectation;
  openssl: OpensslOcspVerdict;
}

type Signer = 'issuer' | 'responder' | 'responder-without-eku' | 'responder-from-root';

interface OcspRecipe {
  id: string;
  description: string;
  signer: Signer;
  /** The serial the request asks about: the leaf's, or another certificate's (a wrong CertID). */
  asks: 'leaf' | 'other';
  /** Responder database state for the leaf: valid, revoked (keyCompromise) or absent (unknown). */
  leafState: 'valid' | 'revoked' | 'absent';
  /** When the response is made (its thisUpdate and producedAt); nextUpdate is 7 days later. */
  producedAt: string;
  /** responderID by key hash instead of by name. */
  byKeyId?: boolean;
  expected: OcspExpectation;
  openssl: OpensslOcspVerdict;
}

const CURRENT = '2030-05-31T12:00:00Z';
const GOOD: OcspExpectation = { status: 'good', code: null };

const RECIPES: OcspRecipe[] = [
  {
    id: 'issuer-signed-good',
    description: 'The issuing CA signs the response itself (responderID by name); the leaf is good.',
    signer: 'issuer',
    asks: 'leaf',
    leafState: 'valid',
    producedAt: CURRENT,
    expected: GOOD,
    openssl: 'good',
  },
  {
    id: 'delegated-responder-good',
    description:
      'A delegated responder (issued by the CA, extendedKeyUsage OCSPSigning, responderID by key hash) signs; the leaf is good.',
    signer: 'responder',
    asks: 'leaf',
    leafState: 'valid',
    producedAt: CURRENT,
    byKeyId: true,
    expected: GOOD,
    openssl: 'good',
  },
  {
    id: 'revoked',
    description: 'The issuing CA answers that the leaf was revoked on 2030-05-15 (keyCompromise).',
    signer: 'issuer',
    asks: 'leaf',
    leafState: 'revoked',
    producedAt: CURRENT,
    expected: { status: 'revoked', code: 'ERR_CHAIN_REVOKED' },
    openssl: 'revoked',
  },
  {
    id: 'unknown',
    description: 'The responder does not know the leaf (not in its database): status unknown.',
    signer: 'issuer',
    asks: 'leaf',
    leafState: 'absent',
    producedAt: CURRENT,
    expected: { status: 'unknown', code: 'ERR_CHAIN_OCSP_UNKNOWN' },
    openssl: 'unknown',
  },
  {
    id: 'expired-response',
    description: 'A good answer made 2030-05-01 with nextUpdate 2030-05-08: out of date on 2030-06-01.',
    signer: 'issuer',
    asks: 'leaf',
    leafState: 'valid',
    producedAt: '2030-05-01T00:00:00Z',
    expected: { status: 'unusable', code: 'ERR_CHAIN_OCSP_EXPIRED' },
    openssl: 'times-invalid',
  },
  {
    id: 'responder-without-ocsp-signing',
    description:
      'A responder certificate issued by the CA but without extendedKeyUsage OCSPSigning signs: not authorised (RFC 6960 §4.2.2.2).',
    signer: 'responder-without-eku',
    asks: 'leaf',
    leafState: 'valid',
    producedAt: CURRENT,
    expected: { status: 'unusable', code: 'ERR_CHAIN_OCSP_INVALID' },
    openssl: 'verify-failure',
  },
  {
    id: 'responder-from-other-issuer',
    description:
      "A responder with OCSPSigning, but issued by the root rather than by the leaf's issuer: not authorised for the CA's certificates.",
    signer: 'responder-from-root',
    asks: 'leaf',
    leafState: 'valid',
    producedAt: CURRENT,
    expected: { status: 'unusable', code: 'ERR_CHAIN_OCSP_INVALID' },
    openssl: 'verify-failure',
  },
  {
    id: 'wrong-certid',
    description: 'A valid, signed answer about another serial number of the same CA: it says nothing about the leaf.',
    signer: 'issuer',
    asks: 'other',
    leafState: 'valid',
    producedAt: CURRENT,
    expected: { status: 'unusable', code: 'ERR_CHAIN_REVOCATION_UNDETERMINED' },
    openssl: 'no-status',
  },
];

// The OCSP cases' own small PKI: fixed keys, fixed dates, two-byte serials 0x40nn.
const SERIAL = { root: 0x01, ca: 0x02, leaf: 0x04, responder: 0x06, responderWithoutEku: 0x07, other: 0x08 } as const;
const ROOT_SUBJECT = '/O=Certwright Test/CN=Certwright OCSP Test Root';
const CA_SUBJECT = '/O=Certwright Test/CN=Certwright OCSP Test CA';
const CA_VALIDITY = { notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2044-01-01T00:00:00Z') };
const LEAF_VALIDITY = { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2035-01-01T00:00:00Z') };
const OCSP_URL = 'http://ocsp.certwright.test/';

const KEY: Record<'root' | 'ca' | 'leaf' | 'responder', TestKeyName> = {
  root: 'test-rsa-2048-root',
  ca: 'test-rsa-2048-ca1',
  leaf: 'test-rsa-2048',
  responder: 'test-rsa-2048-ca2',
};

const ROOT_EXTENSIONS = `basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
`;
const CA_EXTENSIONS = `basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`;
const LEAF_EXTENSIONS = `basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
authorityInfoAccess = OCSP;URI:${OCSP_URL}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`;
const responderExtensions = (ocspSigning: boolean) => `basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
${ocspSigning ? 'extendedKeyUsage = OCSPSigning\nnoCheck = ignored\n' : ''}subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`;

interface OcspPki {
  root: string;
  ca: string;
  leaf: string;
  responder: string;
  responderWithoutEku: string;
  responderFromRoot: string;
}

async function issuePki(keys: TestKeys): Promise<OcspPki> {
  const serial = (role: number) => new Uint8Array([0x40, role]);
  const root = await issueCaCertificate({
    subject: ROOT_SUBJECT,
    keyFile: keys.path(KEY.root),
    serial: serial(SERIAL.root),
    ...CA_VALIDITY,
    pathLength: 1,
    extensions: ROOT_EXTENSIONS,
  });
  const byRoot = { certificatePem: root, keyFile: keys.path(KEY.root) };
  const ca = await issueCaCertificate({
    subject: CA_SUBJECT,
    keyFile: keys.path(KEY.ca),
    issuer: byRoot,
    serial: serial(SERIAL.ca),
    ...CA_VALIDITY,
    pathLength: 0,
    extensions: CA_EXTENSIONS,
  });
  const byCa = { certificatePem: ca, keyFile: keys.path(KEY.ca) };
  const endEntity = (subject: string, key: TestKeyName, role: number, extensions: string, issuer = byCa) =>
    issueCaCertificate({
      subject: `/O=Certwright Test/CN=${subject}`,
      keyFile: keys.path(key),
      issuer,
      serial: serial(role),
      ...LEAF_VALIDITY,
      pathLength: 0,
      extensions,
    });
  return {
    root,
    ca,
    leaf: await endEntity('localhost', KEY.leaf, SERIAL.leaf, LEAF_EXTENSIONS),
    responder: await endEntity('Certwright OCSP Responder', KEY.responder, SERIAL.responder, responderExtensions(true)),
    responderWithoutEku: await endEntity(
      'Certwright OCSP Responder Without OCSPSigning',
      KEY.responder,
      SERIAL.responderWithoutEku,
      responderExtensions(false),
    ),
    // Same serial as the CA's delegated responder is fine: a different issuer.
    responderFromRoot: await endEntity(
      'Certwright OCSP Responder Of The Root',
      KEY.responder,
      SERIAL.responder,
      responderExtensions(true),
      byRoot,
    ),
  };
}

/**
 * Writes every OCSP case under `dir` (ocsp/<id>/: root.crt, ca.crt, leaf.crt, the responder's
 * certificate when one signs, response.der and case.json) and returns the ids. Responses are made
 * by `openssl ocsp` in responder mode under faketime, so their dates are fixed and, with RSA keys,
 * every byte is reproducible; each case's OpenSSL verdict is checked against its recipe.
 */
export async function writeOcspCases(dir: string, keys: TestKeys): Promise<string[]> {
  const pki = await issuePki(keys);
  for (const recipe of RECIPES) {
    const caseDir = join(dir, recipe.id);
    const signer = signerOf(recipe.signer, pki, keys);
    const files: Record<string, string | Uint8Array> = { 'root.crt': pki.root, 'ca.crt': pki.ca, 'leaf.crt': pki.leaf };
    if (signer.file !== 'ca.crt') files[signer.file] = signer.certificatePem;
    files['response.der'] = await makeResponse(recipe, pki, signer);
    await mkdir(caseDir, { recursive: true });
    for (const entry of await readdir(caseDir)) {
      if (entry !== 'case.json' && !(entry in files)) await rm(join(caseDir, entry));
    }
    for (const [name, content] of Object.entries(files)) await writeFile(join(caseDir, name), content);
    const verdict = await opensslOcspVerdict(caseDir, OCSP_VALIDATION_TIME);
    if (verdict !== recipe.openssl)
      throw new Error(`ocsp/${recipe.id}: openssl says ${verdict}, not ${recipe.openssl}`);
    const caseJson: OcspCase = {
      id: recipe.id,
      description: recipe.description,
      trusted: ['root.crt'],
      issuer: 'ca.crt',
      certificate: 'leaf.crt',
      untrusted: signer.file === 'ca.crt' ? [] : [signer.file],
      response: 'response.der',
      validationTime: OCSP_VALIDATION_TIME,
      expected: recipe.expected,
      openssl: recipe.openssl,
    };
    await writeFile(join(caseDir, 'case.json'), `${JSON.stringify(caseJson, null, 2)}\n`);
  }
  const ids = RECIPES.map((recipe) => recipe.id);
  await pruneCases(dir, ids);
  return ids;
}

function signerOf(
  signer: Signer,
  pki: OcspPki,
  keys: TestKeys,
): { file: string; certificatePem: string; keyFile: string } {
  switch (signer) {
    case 'issuer':
      return { file: 'ca.crt', certificatePem: pki.ca, keyFile: keys.path(KEY.ca) };
    case 'responder':
      return { file: 'responder.crt', certificatePem: pki.responder, keyFile: keys.path(KEY.responder) };
    case 'responder-without-eku':
      return { file: 'responder.crt', certificatePem: pki.responderWithoutEku, keyFile: keys.path(KEY.responder) };
    case 'responder-from-root':
      return { file: 'responder.crt', certificatePem: pki.responderFromRoot, keyFile: keys.path(KEY.responder) };
  }
}

// openssl ocsp as a responder: a request (no nonce) for the serial asked about, the CA's index
// file, and the signer; the clock is faked to the recipe's production time.
async function makeResponse(
  recipe: OcspRecipe,
  pki: OcspPki,
  signer: { certificatePem: string; keyFile: string },
): Promise<Uint8Array> {
  const work = await mkdtemp(join(tmpdir(), 'certwright-vectors-ocsp-'));
  try {
    await writeFile(join(work, 'ca.crt'), pki.ca);
    await writeFile(join(work, 'leaf.crt'), pki.leaf);
    await writeFile(join(work, 'signer.crt'), signer.certificatePem);
    await writeFile(join(work, 'index.txt'), indexLine(recipe.leafState));
    const asked = recipe.asks === 'leaf' ? ['-cert', 'leaf.crt'] : ['-serial', `0x40${hex(SERIAL.other)}`];
    await run(['openssl', 'ocsp', '-issuer', 'ca.crt', ...asked, '-no_nonce', '-reqout', 'request.der'], work);
    await run(
      [
        'faketime',
        '-f',
        fakeTime(recipe.producedAt),
        'openssl',
        'ocsp',
        '-index',
        'index.txt',
        '-CA',
        'ca.crt',
        '-rsigner',
        'signer.crt',
        '-rkey',
        signer.keyFile,
        ...(recipe.byKeyId ? ['-resp_key_id'] : []),
        '-reqin',
        'request.der',
        '-respout',
        'response.der',
        '-ndays',
        '7',
      ],
      work,
    );
    return new Uint8Array(await readFile(join(work, 'response.der')));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// An `openssl ca` database line for the leaf: V(alid) or R(evoked) with date and reason.
function indexLine(state: OcspRecipe['leafState']): string {
  if (state === 'absent') return '';
  const serial = `40${hex(SERIAL.leaf)}`;
  if (state === 'valid') return `V\t350101000000Z\t\t${serial}\tunknown\t/CN=localhost\n`;
  return `R\t350101000000Z\t300515000000Z,keyCompromise\t${serial}\tunknown\t/CN=localhost\n`;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0').toUpperCase();
}

/**
 * What `openssl ocsp` says about a case directory's response for leaf.crt, its clock faked to
 * `at`: the response's signature and signer checked against root.crt, then the status and times.
 */
export async function opensslOcspVerdict(caseDir: string, at: string): Promise<OpensslOcspVerdict> {
  const args = ['-f', fakeTime(at), 'openssl', 'ocsp', '-respin', 'response.der', '-issuer', 'ca.crt'];
  args.push('-CAfile', 'root.crt', '-cert', 'leaf.crt', '-no_nonce');
  const output = await run(['faketime', ...args], caseDir, { allowFailure: true });
  if (output.includes('Response Verify Failure')) return 'verify-failure';
  if (output.includes('No Status found')) return 'no-status';
  if (output.includes('Status times invalid')) return 'times-invalid';
  const status = /leaf\.crt: (good|revoked|unknown)/.exec(output)?.[1];
  if (status === undefined) throw new Error(`openssl ocsp: unexpected output: ${output}`);
  return status as OpensslOcspVerdict;
}

// libfaketime's absolute form freezes the clock at that instant (in TZ, set to UTC below).
function fakeTime(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
}

async function run(command: string[], cwd: string, options: { allowFailure?: boolean } = {}): Promise<string> {
  const [file, ...args] = command as [string, ...string[]];
  try {
    const { stdout, stderr } = await execFileAsync(file, args, {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC' },
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    if (options.allowFailure) return `${stdout}${stderr}`;
    throw new Error(`${command.join(' ')} failed: ${stderr.trim()}`, { cause: error });
  }
}
