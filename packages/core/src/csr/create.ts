import type { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import type { HashAlgorithm, PrivateKey } from '../keys/types.js';
import { challengePasswordAttribute } from '../lib/challenge-password.js';
import { subjectToJsonName } from '../lib/distinguished-name.js';
import { DEFAULT_EXTENDED_KEY_USAGE, defaultKeyUsage } from '../lib/key-usage.js';
import {
  checkExtendedKeyUsageNames,
  checkKeyUsageNames,
  extendedKeyUsageExtension,
  keyUsageExtension,
  subjectAltNameExtension,
} from '../lib/usage-extensions.js';
import { defaultCrypto } from '../lib/webcrypto-key.js';
import { cachedSigningKeys } from '../lib/signing-key-cache.js';
import { describeNewCsr } from '../lib/describe-new-csr.js';
import { loadX509 } from '../lib/x509.js';
import { loadAsn1js } from '../lib/asn1js.js';
import { asX509Crypto } from '../lib/x509-module.js';
import { checkSubjectAltName, type SubjectAltName } from './san.js';
import { type SubjectFields, validateSubject } from './subject.js';
import type { CsrInfo, ExtendedKeyUsageName, KeyUsageName } from './types.js';

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
  const [x509, asn1js] = await Promise.all([loadX509(), loadAsn1js()]);
  const extensions: X509.Extension[] = [
    ...(sans.length > 0 ? [subjectAltNameExtension(x509, asn1js, sans)] : []),
    ...(keyUsage.length > 0 ? [keyUsageExtension(x509, keyUsage)] : []),
    ...(extendedKeyUsage.length > 0 ? [extendedKeyUsageExtension(x509, extendedKeyUsage)] : []),
  ];
  const attributes =
    options.challengePassword === undefined
      ? []
      : [challengePasswordAttribute(x509, asn1js, options.challengePassword)];
  const { privateKey, publicKey, signingAlgorithm } = await cachedSigningKeys(key, hash, crypto);
  const request = await x509.Pkcs10CertificateRequestGenerator.create(
    {
      name: new x509.Name(subjectToJsonName(subject)),
      extensions,
      attributes,
      signingAlgorithm,
      keys: { privateKey, publicKey },
    },
    asX509Crypto(crypto),
  );
  return describeNewCsr(new Uint8Array(request.rawData), {
    key,
    subject,
    sans,
    keyUsage,
    extendedKeyUsage,
    hasChallengePassword: attributes.length > 0,
  });
}
