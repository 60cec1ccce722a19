import { FormatError } from '../errors.js';
import { isCertificateDer } from './format-input.js';
import { encodePem } from '../asn1/pem.js';
import { encodePkcs7Certificates } from '../pkcs7/pkcs7.js';
import type { CertificateEncoding } from './types.js';

/**
 * Encodes DER certificates, in the order given, as PEM (one `CERTIFICATE` block each), DER
 * (exactly one certificate), or a PKCS#7 certs-only bundle (`p7b` DER, `p7b-pem` PEM `PKCS7`).
 *
 * @throws FormatError ERR_FORMAT_NO_CERTIFICATES for an empty list, ERR_FORMAT_DER_SINGLE_CERTIFICATE
 *   for `der` with more than one, ERR_FORMAT_DER_INVALID when an item is not a certificate.
 * @example
 * await writeFile('chain.p7b', encodeCertificates(await readCertificates(pem), 'p7b'));
 */
export function encodeCertificates(certificates: readonly Uint8Array[], to: 'pem' | 'p7b-pem'): string;
export function encodeCertificates(certificates: readonly Uint8Array[], to: 'der' | 'p7b'): Uint8Array;
export function encodeCertificates(certificates: readonly Uint8Array[], to: CertificateEncoding): string | Uint8Array;
export function encodeCertificates(certificates: readonly Uint8Array[], to: CertificateEncoding): string | Uint8Array {
  if (certificates.length === 0) throw new FormatError('ERR_FORMAT_NO_CERTIFICATES', 'no certificates to encode');
  certificates.forEach((der, index) => {
    const what = `certificate ${index + 1}`;
    if (!isCertificateDer(der, undefined, what)) {
      throw new FormatError('ERR_FORMAT_DER_INVALID', `${what} is not an X.509 certificate`, { field: what });
    }
  });
  switch (to) {
    case 'pem':
      return certificates.map((der) => encodePem('CERTIFICATE', der)).join('');
    case 'der':
      if (certificates.length !== 1) {
        const message = `DER holds exactly one certificate, not ${certificates.length}: use PEM or PKCS#7 for a chain`;
        throw new FormatError('ERR_FORMAT_DER_SINGLE_CERTIFICATE', message);
      }
      return (certificates[0] as Uint8Array).slice();
    case 'p7b':
      return encodePkcs7Certificates(certificates);
    case 'p7b-pem':
      return encodePem('PKCS7', encodePkcs7Certificates(certificates));
  }
}
