import { createPublicKey } from 'node:crypto';
import { parseCertificate } from '../x509/parse-certificate.js';
import type { CertificateInfo } from '../x509/certificate-info.js';
import { validateChain } from '../chain/validate.js';
import { readCertificates } from '../formats/read-certificates.js';
import { keyMatchesCertificate } from '../x509/key-match.js';
import type { PrivateKey } from '../keys/types.js';
import { bytesEqual } from '../lib/bytes.js';
import { InstallError } from './errors.js';
import { INSTALL_FILES } from './layout.js';

/** A certificate file name of the server set. */
export type InstallCertificateName = 'root.crt' | 'ca1.crt' | 'ca2.crt' | 'server.crt';

/** What checkInstallSet looks at. */
export interface CheckInstallSetOptions {
  /** The certificate files by name, as `certwright import` writes them; a missing file is absent. */
  certificates: Partial<Record<InstallCertificateName, Uint8Array>>;
  /** The server's private key (decrypted only to compare its public key). */
  key: PrivateKey;
  /** When the set must be valid; default now. */
  at?: Date;
  /** Warn when a certificate of the set expires within this many days of `at`; default 30. */
  warnDays?: number;
}

/** A warning that does not stop the install. */
export interface InstallWarning {
  code: 'WARN_INSTALL_EXPIRES_SOON';
  message: string;
}

/** A set that passed every check. */
export interface InstallSetCheck {
  /** root → ca1 → ca2 → server, as named in the directory. */
  certificates: { name: InstallCertificateName; certificate: CertificateInfo }[];
  /** The first expiry in the set: the day the installed set stops working. */
  expires: Date;
  warnings: InstallWarning[];
}

const DAY_MS = 86_400_000;

/**
 * Checks a server set before it is installed: the canonical files (root.crt, optional ca1.crt
 * and ca2.crt, server.crt), one PEM certificate each, a chain valid at `at` for TLS server use in
 * exactly the order the names say (root → ca1 → ca2 → server), and the key matching server.crt.
 *
 * @throws InstallError ERR_INSTALL_SET_INCOMPLETE, ERR_INSTALL_SET_NOT_PEM, ERR_INSTALL_CHAIN_INVALID
 *   (with the chain problems, e.g. ERR_CHAIN_EXPIRED), ERR_INSTALL_SET_MISNAMED, ERR_INSTALL_KEY_MISMATCH
 */
export async function checkInstallSet(options: CheckInstallSetOptions): Promise<InstallSetCheck> {
  const at = options.at ?? new Date();
  const names = presentNames(options.certificates);
  const certificates = await Promise.all(
    names.map(async (name) => ({
      name,
      certificate: await readOne(name, options.certificates[name] as Uint8Array),
    })),
  );
  const [root, ...rest] = certificates.map((entry) => entry.certificate.der);
  const server = rest.pop() as Uint8Array;
  const result = validateChain({
    leaf: server,
    intermediates: rest,
    trustAnchors: [root as Uint8Array],
    at,
    purpose: 'server',
    // A self-signed server certificate is its own root (OVOC's default set is one): pinned on purpose.
    leafIsAnchor: 'accept',
  });
  if (!result.valid) {
    const nameAt = (index: number) =>
      certificates.find((entry) => {
        const der = result.path[index];
        return der !== undefined && bytesEqual(der, entry.certificate.der);
      })?.name ?? 'the chain';
    const list = result.problems
      .map((problem) => `${problem.code} (${nameAt(problem.certificateIndex)}): ${problem.message}`)
      .join('; ');
    throw new InstallError(
      'ERR_INSTALL_CHAIN_INVALID',
      `the set's chain is not valid: ${list}`,
      {},
      {
        problems: result.problems,
      },
    );
  }
  // Server first, root last; a self-signed server certificate is the whole path.
  const expected = uniqueInOrder(certificates.map((entry) => entry.certificate.der).reverse());
  if (
    result.path.length !== expected.length ||
    !result.path.every((der, index) => bytesEqual(der, expected[index] as Uint8Array))
  ) {
    throw new InstallError(
      'ERR_INSTALL_SET_MISNAMED',
      'the chain is valid but not in the order the file names say (ca1.crt issued by root.crt, ca2.crt by ca1.crt, server.crt by the last); rerun certwright import',
    );
  }
  if (!(await keyMatches(options.key, certificates.at(-1)?.certificate as CertificateInfo))) {
    throw new InstallError('ERR_INSTALL_KEY_MISMATCH', 'the private key does not match server.crt', {
      source: INSTALL_FILES.key,
    });
  }
  return { certificates, ...expiry(certificates, at, options.warnDays ?? 30) };
}

/**
 * Compares key types before the key material: Node's KeyObject.equals on keys of different types
 * leaves an OpenSSL error queued that makes the next createPrivateKey in the process fail.
 */
async function keyMatches(key: PrivateKey, server: CertificateInfo): Promise<boolean> {
  const theirs = createPublicKey({ key: Buffer.from(server.spkiDer), format: 'der', type: 'spki' });
  if (theirs.asymmetricKeyType !== key.keyObject.asymmetricKeyType) return false;
  return keyMatchesCertificate(key, server.der, { source: INSTALL_FILES.server });
}

function presentNames(files: CheckInstallSetOptions['certificates']): InstallCertificateName[] {
  const missing = (['root.crt', 'server.crt'] as const).filter((name) => files[name] === undefined);
  if (missing.length > 0)
    throw new InstallError('ERR_INSTALL_SET_INCOMPLETE', `the set has no ${missing.join(' and no ')}`);
  if (files['ca2.crt'] !== undefined && files['ca1.crt'] === undefined)
    throw new InstallError('ERR_INSTALL_SET_INCOMPLETE', 'the set has ca2.crt but no ca1.crt');
  const order: InstallCertificateName[] = ['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt'];
  return order.filter((name) => files[name] !== undefined);
}

/** The server directory holds PEM files, one certificate each. */
async function readOne(name: InstallCertificateName, bytes: Uint8Array): Promise<CertificateInfo> {
  const notPem = (why: string, cause?: unknown) =>
    new InstallError('ERR_INSTALL_SET_NOT_PEM', `${name}: ${why}`, { source: name }, { cause });
  if (!new TextDecoder().decode(bytes.subarray(0, 64 * 1024)).includes('-----BEGIN CERTIFICATE-----'))
    throw notPem('not a PEM certificate file');
  let ders: Uint8Array[];
  try {
    ders = await readCertificates(bytes, { source: name });
  } catch (error) {
    throw notPem('cannot be read as a certificate', error);
  }
  if (ders.length !== 1) throw notPem(`holds ${ders.length} certificates; the directory takes one per file`);
  return parseCertificate(ders[0] as Uint8Array);
}

function expiry(
  certificates: InstallSetCheck['certificates'],
  at: Date,
  warnDays: number,
): Pick<InstallSetCheck, 'expires' | 'warnings'> {
  const first = [...certificates].sort(
    (a, b) => a.certificate.notAfter.getTime() - b.certificate.notAfter.getTime(),
  )[0] as InstallSetCheck['certificates'][number];
  const expires = first.certificate.notAfter;
  const days = Math.floor((expires.getTime() - at.getTime()) / DAY_MS);
  const warnings: InstallWarning[] =
    days < warnDays
      ? [
          {
            code: 'WARN_INSTALL_EXPIRES_SOON',
            message: `${first.name} expires in ${days} day(s), on ${expires.toISOString()}`,
          },
        ]
      : [];
  return { expires, warnings };
}

function uniqueInOrder(ders: Uint8Array[]): Uint8Array[] {
  return ders.filter((der, index) => ders.findIndex((other) => bytesEqual(other, der)) === index);
}
