import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openssl } from './openssl.js';

/** One CA certificate to issue with `openssl ca`. */
export interface CaCertificateRequest {
  /** OpenSSL `-subj` form, e.g. `/O=Example/CN=Example Root CA`. */
  subject: string;
  /** The CA's own key file. */
  keyFile: string;
  /** Absent for a self-signed root. */
  issuer?: { certificatePem: string; keyFile: string };
  serial: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** basicConstraints pathLenConstraint: how many CAs may follow. */
  pathLength: number;
  /** Replaces the standard CA profile: the body of the extension section, in openssl.cnf syntax. */
  extensions?: string;
  /** Signature digest (`openssl ca -md`); default: OpenSSL's default for the key (SHA-256). */
  digest?: 'sha1' | 'sha256';
}

// The profile of core's createLabCa: CA:TRUE with pathlen, keyCertSign + cRLSign + digitalSignature, key identifiers.
const CONFIG = `[ca]
default_ca = test_ca
[test_ca]
database = index.txt
new_certs_dir = .
serial = serial
default_md = default
policy = policy_any
unique_subject = no
email_in_dn = no
[policy_any]
organizationName = optional
commonName = supplied
[req]
distinguished_name = req_dn
[req_dn]
`;

const extensions = (pathLength: number, selfSigned: boolean) => `[ca_ext]
basicConstraints = critical, CA:true, pathlen:${pathLength}
keyUsage = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier = hash
${selfSigned ? '' : 'authorityKeyIdentifier = keyid:always\n'}`;

/**
 * Issues a CA certificate for a fixed key with `openssl ca`: core's createLabCa always generates
 * fresh CA keys, and fixed keys are what keep the committed chains reproducible.
 */
export async function issueCaCertificate(request: CaCertificateRequest): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'certwright-vectors-ca-'));
  try {
    const selfSigned = request.issuer === undefined;
    const body = request.extensions ?? extensions(request.pathLength, selfSigned).replace('[ca_ext]\n', '');
    await writeFile(join(work, 'ca.cnf'), `${CONFIG}[ca_ext]\n${body}`);
    await writeFile(join(work, 'index.txt'), '');
    await writeFile(join(work, 'serial'), `${Buffer.from(request.serial).toString('hex')}\n`);
    const config = ['-config', 'ca.cnf'];
    await openssl(['req', ...config, '-new', '-key', request.keyFile, '-subj', request.subject, '-out', 'ca.csr'], {
      cwd: work,
    });
    const signer = await signerArguments(work, request);
    await openssl(
      [
        'ca',
        ...config,
        '-batch',
        '-notext',
        '-preserveDN',
        '-in',
        'ca.csr',
        '-out',
        'ca.crt',
        '-extensions',
        'ca_ext',
        '-startdate',
        opensslTime(request.notBefore),
        '-enddate',
        opensslTime(request.notAfter),
        ...(request.digest ? ['-md', request.digest] : []),
        ...signer,
      ],
      { cwd: work },
    );
    return await readFile(join(work, 'ca.crt'), 'utf8');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** One certificate a CRL revokes. */
export interface RevokedEntry {
  serial: Uint8Array;
  revocationDate: Date;
}

/** A CRL to make with `openssl ca -gencrl`: fixed dates, a cRLNumber and the issuer's key identifier. */
export interface CrlRequest {
  issuer: { certificatePem: string; keyFile: string };
  revoked: RevokedEntry[];
  lastUpdate: Date;
  nextUpdate: Date;
  crlNumber: number;
}

/** Issues a CRL with `openssl ca -gencrl` (OpenSSL 3.0's -crl_lastupdate/-crl_nextupdate fix its dates). */
export async function issueCrl(request: CrlRequest): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'certwright-vectors-crl-'));
  try {
    const crlConfig = `${CONFIG}[crl_ext]\nauthorityKeyIdentifier = keyid:always\n`;
    await writeFile(
      join(work, 'ca.cnf'),
      crlConfig.replace('email_in_dn = no\n', 'email_in_dn = no\ncrlnumber = crlnumber\ncrl_extensions = crl_ext\n'),
    );
    const lines = request.revoked.map(
      (entry) =>
        `R\t${opensslTime(request.nextUpdate).slice(2)}\t${opensslTime(entry.revocationDate).slice(2)}\t${Buffer.from(entry.serial).toString('hex').toUpperCase()}\tunknown\t/CN=revoked\n`,
    );
    await writeFile(join(work, 'index.txt'), lines.join(''));
    await writeFile(join(work, 'crlnumber'), `${request.crlNumber.toString(16).padStart(2, '0')}\n`);
    await writeFile(join(work, 'issuer.crt'), request.issuer.certificatePem);
    await openssl(
      [
        'ca',
        '-config',
        'ca.cnf',
        '-gencrl',
        '-cert',
        'issuer.crt',
        '-keyfile',
        request.issuer.keyFile,
        '-crl_lastupdate',
        opensslTime(request.lastUpdate),
        '-crl_nextupdate',
        opensslTime(request.nextUpdate),
        '-out',
        'ca.crl',
      ],
      { cwd: work },
    );
    return await readFile(join(work, 'ca.crl'), 'utf8');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function signerArguments(work: string, request: CaCertificateRequest): Promise<string[]> {
  if (request.issuer === undefined) return ['-selfsign', '-keyfile', request.keyFile];
  await writeFile(join(work, 'issuer.crt'), request.issuer.certificatePem);
  return ['-cert', 'issuer.crt', '-keyfile', request.issuer.keyFile];
}

/** `YYYYMMDDHHMMSSZ`, the form `openssl ca -startdate/-enddate` takes. */
function opensslTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-T:]/g, '')}Z`;
}
