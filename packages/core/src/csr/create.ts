import type { webcrypto } from 'node:crypto';
import type { HashAlgorithm, PrivateKey } from '../keys/types.js';
import { challengePasswordAttribute } from './challenge-password.js';
import { describeNewCsr } from './describe-new-csr.js';
import { encodeName } from '../x509/distinguished-name.js';
import { DEFAULT_EXTENDED_KEY_USAGE, defaultKeyUsage } from '../x509/key-usage.js';
import { encodeRequestInfo, extensionRequestAttribute } from './pkcs10.js';
import { x509SignatureValue } from '../keys/signature-value.js';
import { encodeSignedObject } from '../x509/signed-object.js';
import { cachedSigningKeys } from '../keys/signing-key-cache.js';
import {
  checkExtendedKeyUsageNames,
  checkKeyUsageNames,
  encodeExtendedKeyUsageExtension,
  encodeKeyUsageExtension,
  encodeSubjectAltNameExtension,
} from '../x509/usage-extensions.js';
import { defaultCrypto } from '../keys/webcrypto-key.js';
import { checkSubjectAltName, type SubjectAltName } from '../x509/subject-alt-name.js';
import { type SubjectFields, validateSubject } from '../x509/subject.js';
import type { ExtendedKeyUsageName, KeyUsageName } from '../x509/key-usage.js';
import type { CsrInfo } from './types.js';

/** What to put in a new CSR. */
export interface CreateCsrOptions {
  key: PrivateKey;
  subject: SubjectFields;
  sans?: SubjectAltName[];
  /** Default: digitalSignature + keyEncipherment for RSA, digitalSignature for EC and Ed25519; `[]` for none. */
  keyUsage?: KeyUsageName[];
  /** Default: serverAuth + clientAuth; `[]` for none. */
  extendedKeyUsage?: ExtendedKeyUsageName[];
  /** PKCS#9 challengePassword; stored in the CSR in clear text, as the standard requires. */
  challengePassword?: string;
  /** Default SHA-256; ignored for Ed25519. */
  hash?: HashAlgorithm;
  crypto?: webcrypto.Crypto;
}

/**
 * Creates a PKCS#10 CSR signed with the key: subject, SANs and key usages in the extensionRequest
 * attribute, optional challengePassword.
 *
 * @example
 * const csr = await createCsr({ key, subject: { cn: 'ovoc.example.com', o: 'Example' }, sans: [parseSubjectAltName('dns:ovoc.example.com')] });
 * @throws CsrError ERR_SUBJECT_INVALID / ERR_SAN_INVALID; InvalidArgumentError for unknown usages.
 */
export async function createCsr(options: CreateCsrOptions): Promise<CsrInfo> {
  const { key, hash = 'SHA-256', crypto = defaultCrypto() } = options;
  const subject = validateSubject(options.subject);
  const sans = (options.sans ?? []).map((san, index) => checkSubjectAltName(san, `sans[${index}]`));
  const keyUsage = checkKeyUsageNames(options.keyUsage ?? defaultKeyUsage(key.description), 'keyUsage');
  const extendedKeyUsage = checkExtendedKeyUsageNames(
    options.extendedKeyUsage ?? DEFAULT_EXTENDED_KEY_USAGE,
    'extendedKeyUsage',
  );
  const attributes = requestAttributes(options.challengePassword, sans, keyUsage, extendedKeyUsage);
  // Built here rather than by @peculiar/x509, whose generator costs ~20 times the signature.
  const keys = await cachedSigningKeys(key, hash, crypto);
  const requestInfo = encodeRequestInfo({ subject: encodeName(subject), spki: keys.spki, attributes });
  const signature = await x509SignatureValue(crypto, keys, requestInfo);
  return describeNewCsr(encodeSignedObject(requestInfo, keys.algorithmIdentifier, signature), {
    key,
    subject,
    sans,
    keyUsage,
    extendedKeyUsage,
    hasChallengePassword: options.challengePassword !== undefined,
  });
}

/** The extensionRequest (SAN, key usage, extended key usage; left out when empty) and challengePassword. */
function requestAttributes(
  challengePassword: string | undefined,
  sans: readonly SubjectAltName[],
  keyUsage: readonly KeyUsageName[],
  extendedKeyUsage: readonly ExtendedKeyUsageName[],
): Uint8Array[] {
  const extensions = [
    ...(sans.length > 0 ? [encodeSubjectAltNameExtension(sans)] : []),
    ...(keyUsage.length > 0 ? [encodeKeyUsageExtension(keyUsage)] : []),
    ...(extendedKeyUsage.length > 0 ? [encodeExtendedKeyUsageExtension(extendedKeyUsage)] : []),
  ];
  return [
    ...(challengePassword === undefined ? [] : [challengePasswordAttribute(challengePassword)]),
    ...(extensions.length > 0 ? [extensionRequestAttribute(extensions)] : []),
  ];
}
