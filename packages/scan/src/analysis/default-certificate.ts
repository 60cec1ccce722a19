import type { CertificateInfo } from '@certwright/core';

/** Which rule recognised a default certificate, and why, in words. */
export interface DefaultCertificateMatch {
  rule: 'audiocodes-device-factory' | 'audiocodes-self-signed' | 'audiocodes-factory-ca';
  description: string;
}

/** The subject AudioCodes devices give their factory certificate: `ACL_` and the serial number. */
const FACTORY_SUBJECT = /^ACL_\d+$/;
const AUDIOCODES = /audiocodes/i;

/**
 * Recognises an AudioCodes factory certificate or an OVOC default certificate, by issuer,
 * self-signature and key size:
 * - `audiocodes-device-factory`: self-signed for `CN=ACL_<serial number>`, the name devices give the
 *   certificate of their default TLS context;
 * - `audiocodes-self-signed`: self-signed with AudioCodes in the issuer (OVOC's own default
 *   certificates, installed until the eight-step replacement);
 * - `audiocodes-factory-ca`: issued by an AudioCodes CA (devices shipped with a certificate signed by
 *   an AudioCodes root).
 * A 1024-bit RSA key (the factory size of older firmware) is named in the description.
 */
export function matchDefaultCertificate(
  info: CertificateInfo,
  selfSigned: boolean,
): DefaultCertificateMatch | undefined {
  const keyNote =
    info.publicKey.type === 'rsa' && info.publicKey.bits <= 1024 ? `, RSA ${info.publicKey.bits}-bit factory key` : '';
  const commonName = info.subject.cn ?? '';
  if (selfSigned && FACTORY_SUBJECT.test(commonName)) {
    return {
      rule: 'audiocodes-device-factory',
      description: `AudioCodes device factory certificate (self-signed, CN ${commonName}${keyNote})`,
    };
  }
  if (selfSigned && AUDIOCODES.test(issuerNameFields(info.issuerText))) {
    return {
      rule: 'audiocodes-self-signed',
      description: `AudioCodes self-signed default certificate (issuer ${info.issuerText}${keyNote})`,
    };
  }
  if (!selfSigned && !info.isCa && AUDIOCODES.test(issuerNameFields(info.issuerText))) {
    return {
      rule: 'audiocodes-factory-ca',
      description: `issued by an AudioCodes factory CA (${info.issuerText}${keyNote})`,
    };
  }
  return undefined;
}

/** The CN and O of an issuer name: a customer's certificate whose OU merely mentions AudioCodes does not count. */
function issuerNameFields(issuerText: string): string {
  return issuerText
    .split(/,\s*/)
    .filter((part) => part.startsWith('CN=') || part.startsWith('O='))
    .join(', ');
}
