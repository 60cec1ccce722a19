import { classifyInput } from './format-input.js';
import type { FormatDetection } from './types.js';

/**
 * Says what the bytes hold without decoding further: PEM (with its blocks' labels), which DER
 * structure (certificate, CSR, private or public key, PKCS#7, PKCS#12), or a Java KeyStore (JKS).
 * Does no cryptography and needs no password.
 *
 * @throws FormatError ERR_FORMAT_UNRECOGNIZED, ERR_FORMAT_TRUNCATED, ERR_FORMAT_DER_INVALID,
 *   ERR_FORMAT_LIMIT_EXCEEDED, ERR_FORMAT_PEM_INVALID or ERR_FORMAT_TOO_LARGE, naming `source`.
 * @example
 * detectFormat(await readFile('bundle.p7b'), { source: 'bundle.p7b' }); // { format: 'pkcs7', encoding: 'der' }
 */
export function detectFormat(input: string | Uint8Array, options: { source?: string } = {}): FormatDetection {
  const classified = classifyInput(input, options.source);
  if (classified.encoding === 'pem') {
    return { format: 'pem', encoding: 'pem', blocks: classified.blocks.map((block) => block.label) };
  }
  if (classified.encoding === 'jks') return { format: 'jks', encoding: 'binary' };
  const { kind } = classified;
  switch (kind) {
    case 'certificate':
      return { format: 'der-certificate', encoding: 'der' };
    case 'csr':
      return { format: 'der-csr', encoding: 'der' };
    case 'public-key':
      return { format: 'der-public-key', encoding: 'der' };
    case 'pkcs7':
    case 'pkcs12':
      return { format: kind, encoding: 'der' };
    default:
      return { format: 'der-key', encoding: 'der', keyKind: kind };
  }
}
