/**
 * Test helper for the RFC 5280 §6.1 step tests: certificates and CRLs with chosen extensions and
 * fixed dates, made by the real `openssl ca` from a config file (never "now").
 */
import { mkdir } from 'node:fs/promises';
import { type ChainValidationResult, type ValidateChainOptions, validateChain } from '../src/index.js';
import { makeScratch, type Scratch } from './csr-openssl.js';

/** Every certificate is valid from 2025-01-01 to 2035-01-01 unless a test says otherwise. */
export const NOT_BEFORE = '20250101000000Z';
export const NOT_AFTER = '20350101000000Z';
/** The validation time the tests pass explicitly. */
export const AT = new Date('2026-06-01T00:00:00Z');

/** A certificate made by openssl, with the files that hold it and its key. */
export interface Made {
  /** The CN, also the file name stem. */
  name: string;
  pem: string;
  certFile: string;
  keyFile: string;
}

export interface MakeOptions {
  /** The signing CA; self-signed when absent. */
  issuer?: Made;
  /** Lines of an openssl extension section; none at all makes a version 1 certificate. */
  extensions?: string[];
  /** `-subj` form; default `/CN=<name>`. */
  subject?: string;
  /** Certify this certificate's key again instead of a fresh one. */
  sameKeyAs?: Made;
  /** `genpkey` arguments; default EC P-256. */
  keyArgs?: string[];
  notBefore?: string;
  notAfter?: string;
  /** File stem when several certificates share a CN. */
  fileName?: string;
  /** Encode the subject as PrintableString where it can be (OpenSSL's `string_mask = default`), not UTF8String. */
  printableSubject?: boolean;
}

const EC_KEY = ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];

const CA_CONFIG = (dir: string) => `[ca]
default_ca = test_ca
[test_ca]
database = ${dir}/index.txt
new_certs_dir = ${dir}
serial = ${dir}/serial
crlnumber = ${dir}/crlnumber
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
[policy_any]
commonName = optional
organizationName = optional
[req]
distinguished_name = req_dn
[req_dn]
`;

let serial = 0x1000;

/** Issues one certificate with `openssl ca` (fixed dates, chosen extensions) in the scratch directory. */
export async function make(scratch: Scratch, name: string, options: MakeOptions = {}): Promise<Made> {
  const stem = options.fileName ?? name;
  let keyFile = options.sameKeyAs?.keyFile;
  if (keyFile === undefined) {
    keyFile = `${scratch.path}/${stem}.key`;
    await scratch.openssl('genpkey', ...(options.keyArgs ?? EC_KEY), '-out', keyFile);
  }
  const dir = `${scratch.path}/${stem}.d`;
  await mkdir(dir, { recursive: true });
  await scratch.write(`${stem}.d/index.txt`, '');
  serial += 1;
  await scratch.write(`${stem}.d/serial`, `${serial.toString(16)}\n`);
  const extensions = options.extensions;
  const mask = options.printableSubject === true ? 'string_mask = default\n' : '';
  const config = `${mask}${CA_CONFIG(dir)}${extensions === undefined ? '' : `[ext]\n${extensions.join('\n')}\n`}`;
  const configFile = await scratch.write(`${stem}.cnf`, config);
  const csrFile = `${dir}/req.csr`;
  const subject = options.subject ?? `/CN=${name}`;
  await scratch.openssl('req', '-new', '-config', configFile, '-key', keyFile, '-subj', subject, '-out', csrFile);
  const certFile = `${scratch.path}/${stem}.crt`;
  const signer =
    options.issuer === undefined
      ? ['-selfsign', '-keyfile', keyFile]
      : ['-cert', options.issuer.certFile, '-keyfile', options.issuer.keyFile];
  await scratch.openssl(
    'ca',
    '-batch',
    '-notext',
    '-preserveDN',
    '-config',
    configFile,
    ...signer,
    '-in',
    csrFile,
    '-out',
    certFile,
    ...(extensions === undefined ? [] : ['-extensions', 'ext']),
    '-startdate',
    options.notBefore ?? NOT_BEFORE,
    '-enddate',
    options.notAfter ?? NOT_AFTER,
  );
  return { name, pem: await scratch.readText(`${stem}.crt`), certFile, keyFile };
}

/** A CRL signed by `ca` (issued 2026-05-01, next update 2026-07-01) revoking the given certificates. */
export async function makeCrl(scratch: Scratch, ca: Made, revoked: readonly Made[]): Promise<string> {
  const stem = `${ca.name}-crl-${revoked.map((certificate) => certificate.name).join('-') || 'empty'}`;
  const dir = `${scratch.path}/${stem}.d`;
  await mkdir(dir, { recursive: true });
  const lines: string[] = [];
  for (const certificate of revoked) {
    const text = await scratch.openssl('x509', '-in', certificate.certFile, '-noout', '-serial');
    const number = text.trim().split('=')[1];
    lines.push(`R\t350101000000Z\t260101000000Z\t${number}\tunknown\t/CN=${certificate.name}`);
  }
  await scratch.write(`${stem}.d/index.txt`, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  await scratch.write(`${stem}.d/crlnumber`, '01\n');
  const configFile = await scratch.write(`${stem}.cnf`, CA_CONFIG(dir));
  const crlFile = `${dir}/out.crl`;
  await scratch.openssl(
    'ca',
    '-gencrl',
    '-config',
    configFile,
    '-cert',
    ca.certFile,
    '-keyfile',
    ca.keyFile,
    '-crl_lastupdate',
    '20260501000000Z',
    '-crl_nextupdate',
    '20260701000000Z',
    '-out',
    crlFile,
  );
  return scratch.readText(`${stem}.d/out.crl`);
}

/** The extensions of an ordinary CA (no path length, no policies). */
export const CA = [
  'basicConstraints = critical, CA:TRUE',
  'keyUsage = critical, keyCertSign, cRLSign',
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid:always',
];

/** The extensions of an ordinary TLS server leaf for `leaf.example.com`. */
export const LEAF = [
  'basicConstraints = critical, CA:FALSE',
  'keyUsage = critical, digitalSignature',
  'extendedKeyUsage = serverAuth',
  'subjectAltName = DNS:leaf.example.com',
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid:always',
];

/** `lines` with every line starting with `prefix` replaced by `replacement` (or removed). */
export function replacing(lines: readonly string[], prefix: string, ...replacement: string[]): string[] {
  return [...lines.filter((line) => !line.startsWith(prefix)), ...replacement];
}

/** Validates `leaf` up to `anchor` at the fixed time AT (the caller's options win). */
export function validate(
  leaf: Made,
  intermediates: readonly Made[],
  anchors: Made | readonly Made[],
  options: Partial<ValidateChainOptions> = {},
): ChainValidationResult {
  return validateChain({
    leaf: leaf.pem,
    intermediates: intermediates.map((certificate) => certificate.pem),
    trustAnchors: (Array.isArray(anchors) ? anchors : [anchors]).map((certificate: Made) => certificate.pem),
    at: AT,
    ...options,
  });
}

/** The problem codes of a result, in order. */
export function codes(result: ChainValidationResult): string[] {
  return result.problems.map((problem) => problem.code);
}

/** Policy OIDs of the step tests (an arc of their own), and anyPolicy. */
export const POLICY = {
  P1: '1.3.6.1.4.1.55555.1',
  P2: '1.3.6.1.4.1.55555.2',
  P3: '1.3.6.1.4.1.55555.3',
  P7: '1.3.6.1.4.1.55555.7',
  P8: '1.3.6.1.4.1.55555.8',
  P9: '1.3.6.1.4.1.55555.9',
  ANY: '2.5.29.32.0',
} as const;

/** The certificatePolicies line of an extension section. */
export function policies(...oids: string[]): string {
  return `certificatePolicies = ${oids.join(', ')}`;
}

/** An extension section with a certificatePolicies line added. */
export function withPolicies(lines: readonly string[], ...oids: string[]): string[] {
  return [...lines, policies(...oids)];
}

/** A fresh scratch folder with root → ca → leaf in it, file names starting with `prefix`. */
export async function rootCaLeaf(prefix: string): Promise<{ scratch: Scratch; root: Made; ca: Made; leaf: Made }> {
  const scratch = await makeScratch();
  const root = await make(scratch, `${prefix}-root`, { extensions: CA });
  const ca = await make(scratch, `${prefix}-ca`, { issuer: root, extensions: CA });
  const leaf = await make(scratch, `${prefix}-leaf`, { issuer: ca, extensions: LEAF });
  return { scratch, root, ca, leaf };
}
