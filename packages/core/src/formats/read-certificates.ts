import { FormatError, sourcePrefix } from '../errors.js';
import { encodeElement, expectTag, readChildren, TAG_SEQUENCE } from '../asn1/der.js';
import { asFormatError, MAX_CERTIFICATES } from '../asn1/der-limits.js';
import { classifyInput, isCertificateDer } from './format-input.js';
import type { PemBlock } from '../asn1/pem.js';
import { readPkcs7Certificates } from '../pkcs7/pkcs7.js';
import { readJks } from '../jks/read-jks.js';
import { readPkcs12, resolveStorePassword } from './read-pkcs12.js';
import type { ReadCertificatesOptions } from './types.js';

const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE']);
const PKCS7_LABELS = new Set(['PKCS7', 'PKCS #7 SIGNED DATA', 'CMS']);

/**
 * The DER certificates in any container, in input order: PEM (any number of `CERTIFICATE`,
 * `TRUSTED CERTIFICATE` and `PKCS7` blocks; keys and other blocks beside them are skipped), DER certificate, PKCS#7
 * certs-only (DER or PEM), PKCS#12 or a Java KeyStore (both need `password`). Checks shape, not
 * signatures or trust.
 *
 * @throws FormatError ERR_FORMAT_NO_CERTIFICATES when the input holds none (e.g. a CSR or a key),
 *   ERR_FORMAT_PKCS12_* for PKCS#12, and the errors of detectFormat.
 * @example
 * const ders = await readCertificates(await readFile('chain.p7b'), { source: 'chain.p7b' });
 */
export async function readCertificates(
  input: string | Uint8Array,
  options: ReadCertificatesOptions = {},
): Promise<Uint8Array[]> {
  const { source } = options;
  const classified = classifyInput(input, source);
  let certificates: Uint8Array[];
  let holds: string;
  if (classified.encoding === 'pem') {
    certificates = classified.blocks.flatMap((block) => fromPemBlock(block, source));
    holds = `PEM blocks ${[...new Set(classified.blocks.map((block) => block.label))].join(', ')}`;
  } else if (classified.encoding === 'jks') {
    // Every entry's certificates, in store order: trusted certificates, and each key entry's chain.
    const password = await resolveStorePassword(options.password, source, 'jks');
    certificates = readJks(classified.bytes, { password, source }).entries.flatMap((entry) => entry.certificates);
    holds = 'a Java KeyStore';
  } else if (classified.kind === 'pkcs12') {
    certificates = (await readPkcs12(classified.der, options)).certificates.map((certificate) => certificate.der);
    holds = 'a PKCS#12 file';
  } else {
    certificates = classified.kind === 'certificate' ? [classified.der] : [];
    if (classified.kind === 'pkcs7') certificates = readPkcs7Certificates(classified.der, source);
    holds = classified.kind === 'pkcs7' ? 'a PKCS#7 file' : `DER ${classified.kind}`;
  }
  return checkCertificates(certificates, source, holds);
}

function fromPemBlock(block: PemBlock, source: string | undefined): Uint8Array[] {
  if (CERTIFICATE_LABELS.has(block.label)) return [block.der];
  if (block.label === 'TRUSTED CERTIFICATE') return [trustedCertificate(block.der, source)];
  if (PKCS7_LABELS.has(block.label)) return readPkcs7Certificates(block.der, source);
  return [];
}

/** OpenSSL's `TRUSTED CERTIFICATE` is the certificate followed by its trust settings: keep the certificate. */
function trustedCertificate(der: Uint8Array, source: string | undefined): Uint8Array {
  try {
    const [certificate] = readChildren({ tag: TAG_SEQUENCE, content: der });
    return encodeElement(TAG_SEQUENCE, expectTag(certificate, TAG_SEQUENCE).content);
  } catch (error) {
    throw asFormatError(error, source, 'TRUSTED CERTIFICATE');
  }
}

/** At least one, at most MAX_CERTIFICATES, and each shaped like a certificate. */
function checkCertificates(certificates: Uint8Array[], source: string | undefined, holds: string): Uint8Array[] {
  if (certificates.length === 0) {
    const message = `${sourcePrefix(source)}no certificates found (the input holds ${holds})`;
    throw new FormatError('ERR_FORMAT_NO_CERTIFICATES', message, { source });
  }
  if (certificates.length > MAX_CERTIFICATES) {
    const message = `${sourcePrefix(source)}${certificates.length} certificates, more than ${MAX_CERTIFICATES}`;
    throw new FormatError('ERR_FORMAT_LIMIT_EXCEEDED', message, { source });
  }
  certificates.forEach((der, index) => {
    if (!isCertificateDer(der, source, `certificate ${index + 1}`)) {
      const message = `${sourcePrefix(source)}certificate ${index + 1} is not an X.509 certificate`;
      throw new FormatError('ERR_FORMAT_DER_INVALID', message, { source });
    }
  });
  return certificates;
}
