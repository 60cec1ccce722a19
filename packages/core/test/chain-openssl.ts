/** Test helper for the chain tests: certificates and CRLs with chosen extensions, made by the real `openssl`. */
import { decodePemBlocks } from '../src/asn1/pem.js';
import type { Scratch } from './csr-openssl.js';

/** A certificate made by openssl, with the files that hold it and its key. */
export interface Issued {
  name: string;
  pem: string;
  certFile: string;
  keyFile: string;
}

export interface IssueOptions {
  /** The signing CA; self-signed when absent. */
  issuer?: Issued;
  /** Lines of an openssl extension section, e.g. `basicConstraints = critical, CA:TRUE`. */
  extensions: string[];
  /** `genpkey` arguments; default EC P-256. */
  keyArgs?: string[];
  /** Digest and signature options for signing, e.g. `['-sha1']` or `['-sigopt', 'rsa_padding_mode:pss']`. */
  signArgs?: string[];
  days?: number;
  /** Certify this certificate's key again (a cross-certificate or re-issue) instead of a fresh one. */
  sameKeyAs?: Issued;
  /** The file name to write under, when `name` (the CN) is used by several certificates. */
  fileName?: string;
}

export const CA_EXTENSIONS = [
  'basicConstraints = critical, CA:TRUE',
  'keyUsage = critical, keyCertSign, cRLSign',
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid:always',
];

export const LEAF_EXTENSIONS = [
  'basicConstraints = critical, CA:FALSE',
  'keyUsage = critical, digitalSignature',
  'extendedKeyUsage = serverAuth',
  'subjectAltName = DNS:leaf.example.com',
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid:always',
];

const EC_KEY = ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];

/** Issues `CN=<name>` with the given extensions (and a fresh key) in the scratch directory. */
export async function issue(scratch: Scratch, name: string, options: IssueOptions): Promise<Issued> {
  const file = options.fileName ?? name;
  let keyFile = options.sameKeyAs?.keyFile;
  if (keyFile === undefined) {
    keyFile = await scratch.write(`${file}.key`, '');
    await scratch.openssl('genpkey', ...(options.keyArgs ?? EC_KEY), '-out', keyFile);
  }
  const extFile = await scratch.write(`${file}.ext`, `[ext]\n${options.extensions.join('\n')}\n`);
  const certFile = `${scratch.path}/${file}.crt`;
  const days = String(options.days ?? 30);
  const subject = `/CN=${name}`;
  const signArgs = options.signArgs ?? ['-sha256'];
  if (options.issuer === undefined) {
    await scratch.openssl(
      'req',
      '-new',
      '-x509',
      '-key',
      keyFile,
      '-subj',
      subject,
      '-days',
      days,
      ...signArgs,
      '-config',
      extFile,
      '-extensions',
      'ext',
      '-out',
      certFile,
    );
  } else {
    const csrFile = `${scratch.path}/${file}.csr`;
    await scratch.openssl('req', '-new', '-key', keyFile, '-subj', subject, '-config', extFile, '-out', csrFile);
    await scratch.openssl(
      'x509',
      '-req',
      '-in',
      csrFile,
      '-CA',
      options.issuer.certFile,
      '-CAkey',
      options.issuer.keyFile,
      '-CAcreateserial',
      '-days',
      days,
      ...signArgs,
      '-extfile',
      extFile,
      '-extensions',
      'ext',
      '-out',
      certFile,
    );
  }
  return { name, pem: await scratch.readText(`${file}.crt`), certFile, keyFile };
}

/** A CRL signed by `ca` listing the given certificates as revoked. */
export async function makeCrl(
  scratch: Scratch,
  ca: Issued,
  revoked: Issued[],
  options: { crlNumber?: boolean } = {},
): Promise<string> {
  const dir = `crl-${ca.name}-${Math.random().toString(36).slice(2)}`;
  await scratch.openssl('version');
  const lines: string[] = [];
  for (const certificate of revoked) {
    const serial = (await scratch.openssl('x509', '-in', certificate.certFile, '-noout', '-serial'))
      .trim()
      .split('=')[1];
    lines.push(`R\t300101000000Z\t240101000000Z\t${serial}\tunknown\t/CN=${certificate.name}`);
  }
  await scratch.write(`${dir}.index`, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  await scratch.write(`${dir}.number`, '01\n');
  const config = [
    '[ca]',
    'default_ca = ca_section',
    '[ca_section]',
    `database = ${scratch.path}/${dir}.index`,
    ...(options.crlNumber === false ? [] : [`crlnumber = ${scratch.path}/${dir}.number`]),
    'default_md = sha256',
    'default_crl_days = 7',
  ].join('\n');
  const configFile = await scratch.write(`${dir}.cnf`, `${config}\n`);
  await scratch.openssl(
    'ca',
    '-gencrl',
    '-config',
    configFile,
    '-cert',
    ca.certFile,
    '-keyfile',
    ca.keyFile,
    '-out',
    `${scratch.path}/${dir}.crl`,
  );
  return scratch.readText(`${dir}.crl`);
}

/** The DER of a PEM certificate. */
export function derOf(pem: string): Uint8Array {
  return (decodePemBlocks(pem)[0] as { der: Uint8Array }).der;
}
