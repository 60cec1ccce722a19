import type { webcrypto } from 'node:crypto';
import { validateSubject } from '../x509/subject.js';
import { InvalidArgumentError } from '../errors.js';
import { generateKey } from '../keys/generate.js';
import type { KeySpec, PrivateKey } from '../keys/types.js';
import { subjectToJsonName } from '../x509/distinguished-name.js';
import { issueCertificate, keyIdentifier } from './issue-certificate.js';
import { encodePem } from '../asn1/pem.js';
import { spkiOf } from '../keys/public-key-info.js';
import { nextSerialHex, type SerialSource } from './serial.js';
import { hashForKey } from '../keys/signing-hash.js';
import { resolveValidity } from './validity.js';
import { defaultCrypto } from '../keys/webcrypto-key.js';
import { loadX509 } from './peculiar.js';
import type { X509Module } from './peculiar-module.js';
import type { LabCa, LabCaMember } from './types.js';

/** Options for createLabCa. */
export interface CreateLabCaOptions {
  /** How many intermediates below the root: ca1, then ca2 issued by ca1. Default 0. */
  intermediates?: 0 | 1 | 2;
  /** Default RSA 3072. */
  keySpec?: KeySpec;
  /** The O of every CA's subject. Default `Certwright Lab CA`. */
  organization?: string;
  /** Start of validity when `notBefore` is not given. Default: now. */
  at?: Date;
  /** Default 3650, for every CA (all share the root's window). */
  validityDays?: number;
  /** Fixed window for every CA, overriding `at` and `validityDays` (test vectors). */
  notBefore?: Date;
  notAfter?: Date;
  /** Serial numbers; default 16 random bytes each. */
  serial?: SerialSource;
  crypto?: webcrypto.Crypto;
}

const NAMES = ['root', 'ca1', 'ca2'] as const;
const COMMON_NAMES = ['Certwright Lab Root CA', 'Certwright Lab Intermediate CA 1', 'Certwright Lab Intermediate CA 2'];

/**
 * Creates a lab CA hierarchy for demos and tests: a self-signed root and up to two intermediates,
 * each with basicConstraints (pathLen = CAs below it) and keyUsage keyCertSign + cRLSign, critical.
 * Not for production trust: the keys are generated in memory.
 *
 * @example
 * const ca = await createLabCa({ intermediates: 1, keySpec: { type: 'ec', curve: 'P-256' } });
 */
export async function createLabCa(options: CreateLabCaOptions = {}): Promise<LabCa> {
  const { intermediates = 0, keySpec = { type: 'rsa', bits: 3072 }, crypto = defaultCrypto() } = options;
  const validity = resolveValidity({
    at: options.at,
    days: options.validityDays ?? 3650,
    daysField: 'validityDays',
    notBefore: options.notBefore,
    notAfter: options.notAfter,
  });
  if (![0, 1, 2].includes(intermediates)) {
    throw new InvalidArgumentError('intermediates must be 0, 1 or 2', { field: 'intermediates' });
  }
  const x509 = await loadX509();
  const organization = options.organization ?? 'Certwright Lab CA';
  const names = COMMON_NAMES.slice(0, intermediates + 1).map((commonName) => caName(x509, commonName, organization));
  const keys = await Promise.all(names.map(() => generateKey(keySpec)));
  const members: LabCaMember[] = [];
  let issuer: Issuer | undefined;
  for (const [depth, key] of keys.entries()) {
    const context = { x509, crypto, validity, serial: options.serial, pathLength: intermediates - depth };
    const issued = await issueCa(context, names[depth] as Uint8Array, key, issuer);
    members.push({
      name: NAMES[depth] as LabCaMember['name'],
      certificatePem: encodePem('CERTIFICATE', issued.der),
      key,
    });
    issuer = issued.asIssuer;
  }
  const [root, ...rest] = members;
  return { root: root as LabCaMember, intermediates: rest };
}

/** What a CA passes down to the CA it issues. */
interface Issuer {
  name: Uint8Array;
  key: PrivateKey;
  keyId: string;
}

interface CaContext {
  x509: X509Module;
  crypto: webcrypto.Crypto;
  validity: { notBefore: Date; notAfter: Date };
  serial: SerialSource | undefined;
  pathLength: number;
}

/** One CA certificate: self-signed when there is no issuer yet. */
async function issueCa(context: CaContext, name: Uint8Array, key: PrivateKey, issuer: Issuer | undefined) {
  const { x509, crypto } = context;
  const spki = spkiOf(key);
  const keyId = await keyIdentifier(x509, spki, crypto);
  const signer = issuer ?? { name, key, keyId };
  const der = await issueCertificate({
    x509,
    crypto,
    subjectName: name,
    issuerName: signer.name,
    subjectSpki: spki,
    issuerKey: signer.key,
    hash: hashForKey(signer.key.description),
    serialHex: nextSerialHex(crypto, context.serial),
    ...context.validity,
    extensions: caExtensions(x509, { pathLength: context.pathLength, keyId, issuerKeyId: issuer?.keyId }),
  });
  return { der, asIssuer: { name, key, keyId } };
}

function caName(x509: X509Module, commonName: string, organization: string): Uint8Array {
  const subject = validateSubject({ o: organization, cn: commonName });
  return new Uint8Array(new x509.Name(subjectToJsonName(subject)).toArrayBuffer());
}

function caExtensions(x509: X509Module, ids: { pathLength: number; keyId: string; issuerKeyId: string | undefined }) {
  const { KeyUsageFlags } = x509;
  return [
    new x509.BasicConstraintsExtension(true, ids.pathLength, true),
    new x509.KeyUsagesExtension(
      KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature,
      true,
    ),
    new x509.SubjectKeyIdentifierExtension(ids.keyId),
    ...(ids.issuerKeyId === undefined ? [] : [new x509.AuthorityKeyIdentifierExtension(ids.issuerKeyId)]),
  ];
}
