import { KeyError, sourcePrefix } from '../errors.js';
import { assertInputSize } from '../asn1/input-size.js';
import { bytesToText, decodeSinglePem, encodePem, looksLikePem, type PemBlock } from '../asn1/pem.js';
import { detectPrivateKeyDer } from './private-key-der.js';

/** A private key as stored, before any decryption: which structure, in which encoding. */
export type StoredPrivateKey =
  | { kind: 'pkcs8' | 'encrypted-pkcs8' | 'pkcs1' | 'sec1'; encoding: 'pem' | 'der'; der: Uint8Array }
  /** Legacy encrypted PEM stays PEM: its DEK-Info header is what Node's decoder needs. */
  | { kind: 'legacy-encrypted'; encoding: 'pem'; pem: string; cipher: string };

const PEM_LABELS = ['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'];

/**
 * Finds the private key in PEM text or DER bytes and says what it is. Text is PEM; bytes are PEM
 * when they contain a BEGIN line, DER otherwise. Throws FormatError for bad PEM, KeyError for DER that is no key.
 */
export function unwrapPrivateKey(input: string | Uint8Array, source: string | undefined): StoredPrivateKey {
  assertInputSize(input, source);
  if (typeof input === 'string' || looksLikePem(bytesToText(input))) {
    return fromPem(decodeSinglePem(input, PEM_LABELS, source), source);
  }
  const kind = detectPrivateKeyDer(input);
  if (kind === undefined) {
    throw new KeyError('ERR_KEY_INVALID', `${sourcePrefix(source)}not a private key (neither PEM nor key DER)`, {
      source,
    });
  }
  return { kind, encoding: 'der', der: input };
}

function fromPem(block: PemBlock, source: string | undefined): StoredPrivateKey {
  switch (block.label) {
    case 'PRIVATE KEY':
      return { kind: 'pkcs8', encoding: 'pem', der: block.der };
    case 'ENCRYPTED PRIVATE KEY':
      return { kind: 'encrypted-pkcs8', encoding: 'pem', der: block.der };
    default:
      return fromLegacyPem(block, source);
  }
}

/** `RSA PRIVATE KEY` (PKCS#1) or `EC PRIVATE KEY` (SEC 1), possibly with RFC 1421 encryption headers. */
function fromLegacyPem(block: PemBlock, source: string | undefined): StoredPrivateKey {
  const procType = block.headers['Proc-Type'];
  if (procType === undefined) {
    return { kind: block.label === 'RSA PRIVATE KEY' ? 'pkcs1' : 'sec1', encoding: 'pem', der: block.der };
  }
  const dekInfo = block.headers['DEK-Info'];
  if (!/ENCRYPTED/.test(procType) || dekInfo === undefined) {
    throw new KeyError('ERR_KEY_INVALID', `${sourcePrefix(source)}${block.label} has an unusable Proc-Type header`, {
      source,
    });
  }
  // Re-encoded from the parsed block, so CRLF, a BOM or text around it cannot confuse Node's stricter decoder.
  const pem = encodePem(block.label, block.der, block.headers);
  return { kind: 'legacy-encrypted', encoding: 'pem', pem, cipher: dekInfo.split(',')[0] ?? '' };
}
