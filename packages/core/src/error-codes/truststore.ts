/** Java KeyStore and PKCS#12 store errors (TrustStoreError). */
import { error } from './entry.js';

export const TRUSTSTORE_CODES = {
  ERR_TRUSTSTORE_NOT_JKS: error(
    3,
    'the input does not start with the JKS magic 0xFEEDFEED (a PKCS#12 or JCEKS store, a PEM file, …)',
  ),
  ERR_TRUSTSTORE_TRUNCATED: error(
    3,
    'the file ends before the entries and the digest it announces: a cut-off download or copy',
  ),
  ERR_TRUSTSTORE_INTEGRITY: error(
    3,
    'the integrity digest does not match: wrong store password, or the file was altered (JKS cannot tell the two apart)',
  ),
  ERR_TRUSTSTORE_MALFORMED: error(
    3,
    'a store whose digest verifies but whose structure is broken (bad string encoding, bytes after the digest, a bad key)',
  ),
  ERR_TRUSTSTORE_LIMIT_EXCEEDED: error(
    3,
    'more than 10,000 entries, or a key entry with a chain of more than 100 certificates',
  ),
  ERR_TRUSTSTORE_UNSUPPORTED: error(
    3,
    "a JKS version other than 2, a secret-key entry (JCEKS), a certificate type other than X.509, a key protection other than Sun's JKS key protector, or a protected key over 64 KiB",
  ),
  ERR_TRUSTSTORE_BAD_KEY_PASSWORD: error(
    3,
    'the key password does not open the private key entry (its check value does not match)',
  ),
  ERR_TRUSTSTORE_DUPLICATE_ALIAS: error(
    2,
    'an alias that is already in the store, compared ignoring case as Java does',
  ),
  ERR_TRUSTSTORE_NO_SUCH_ALIAS: error(2, 'no entry with this alias (compared ignoring case)'),
  ERR_TRUSTSTORE_NOT_KEY_ENTRY: error(2, 'a private key was asked of a trusted certificate entry'),
} as const;
