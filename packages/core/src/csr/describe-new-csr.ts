import type { SubjectAltName } from '../x509/subject-alt-name.js';
import type { SubjectFields } from '../x509/subject.js';
import type { ExtendedKeyUsageName, KeyUsageName } from '../x509/key-usage.js';
import type { CsrInfo } from './types.js';
import type { PrivateKey } from '../keys/types.js';
import { formatName } from '../x509/distinguished-name.js';
import { SUBJECT_ATTRIBUTES } from '../x509/subject-attributes.js';
import { keyUsageFlags, keyUsageNames } from '../x509/key-usage.js';
import { encodePem } from '../asn1/pem.js';
import { sha256Fingerprint } from '../keys/public-key-info.js';
import { signatureAlgorithmName } from '../keys/signature-algorithm.js';
import { csrSpki, signatureAlgorithmOid } from '../x509/signed-object.js';

/** What createCsr wrote into a request (subject and SANs already checked). */
export interface NewCsrContents {
  key: PrivateKey;
  subject: SubjectFields;
  sans: SubjectAltName[];
  keyUsage: KeyUsageName[];
  extendedKeyUsage: ExtendedKeyUsageName[];
  hasChallengePassword: boolean;
}

/**
 * The CsrInfo of a request createCsr just built, from what went into it rather than by parsing it
 * back (parsing costs more than making the request). Tests hold it equal to parseCsr's result.
 */
export function describeNewCsr(der: Uint8Array, contents: NewCsrContents): CsrInfo {
  const rdns = SUBJECT_ATTRIBUTES.flatMap(({ field, oid }) => {
    const value = contents.subject[field];
    return value === undefined ? [] : [[{ oid, value }]];
  });
  const subject: SubjectFields = {};
  for (const { field } of SUBJECT_ATTRIBUTES) {
    const value = contents.subject[field];
    if (value !== undefined) subject[field] = value;
  }
  return {
    pem: encodePem('CERTIFICATE REQUEST', der),
    der,
    subject,
    subjectText: formatName(rdns),
    sans: contents.sans,
    keyUsage: keyUsageNames(keyUsageFlags(contents.keyUsage)),
    extendedKeyUsage: [...contents.extendedKeyUsage],
    publicKey: { ...contents.key.description },
    spkiDer: csrSpki(der),
    signatureAlgorithm: signatureAlgorithmName(signatureAlgorithmOid(der)),
    hasChallengePassword: contents.hasChallengePassword,
    fingerprintSha256: sha256Fingerprint(der),
  };
}
