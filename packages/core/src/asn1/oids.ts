/** Object identifiers core uses, by name. A flat list: add new ones anywhere, keep one per line. */

// PKCS#5 v2.1 (RFC 8018): password-based encryption
export const OID_PBES2 = '1.2.840.113549.1.5.13';
export const OID_PBKDF2 = '1.2.840.113549.1.5.12';
export const OID_SCRYPT = '1.3.6.1.4.1.11591.4.11';

// PBKDF2 pseudo-random functions (RFC 8018 appendix B.1)
export const OID_HMAC_WITH_SHA1 = '1.2.840.113549.2.7';
export const OID_HMAC_WITH_SHA224 = '1.2.840.113549.2.8';
export const OID_HMAC_WITH_SHA256 = '1.2.840.113549.2.9';
export const OID_HMAC_WITH_SHA384 = '1.2.840.113549.2.10';
export const OID_HMAC_WITH_SHA512 = '1.2.840.113549.2.11';

// AES in CBC mode (NIST CSOR)
export const OID_AES128_CBC = '2.16.840.1.101.3.4.1.2';
export const OID_AES192_CBC = '2.16.840.1.101.3.4.1.22';
export const OID_AES256_CBC = '2.16.840.1.101.3.4.1.42';

// Signature algorithms (RFC 4055, RFC 5758, RFC 8410)
export const OID_SHA256_WITH_RSA_ENCRYPTION = '1.2.840.113549.1.1.11';
export const OID_SHA384_WITH_RSA_ENCRYPTION = '1.2.840.113549.1.1.12';
export const OID_SHA512_WITH_RSA_ENCRYPTION = '1.2.840.113549.1.1.13';
export const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
export const OID_ECDSA_WITH_SHA384 = '1.2.840.10045.4.3.3';
export const OID_ECDSA_WITH_SHA512 = '1.2.840.10045.4.3.4';
export const OID_ED25519 = '1.3.101.112';

// PKCS#9 attributes of a certification request (RFC 2985)
export const OID_CHALLENGE_PASSWORD = '1.2.840.113549.1.9.7';
export const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

// Certificate extensions (RFC 5280 §4.2.1)
export const OID_KEY_USAGE = '2.5.29.15';
export const OID_EXTENDED_KEY_USAGE = '2.5.29.37';
