/** Object identifiers of PKCS#7, PKCS#9 and PKCS#12, for the formats readers and writers. */

// PKCS#7 / CMS content types (RFC 5652)
export const OID_PKCS7_DATA = '1.2.840.113549.1.7.1';
export const OID_PKCS7_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_PKCS7_ENCRYPTED_DATA = '1.2.840.113549.1.7.6';

// PKCS#12 (RFC 7292): bag types, PBE schemes, attributes
export const OID_PKCS12_KEY_BAG = '1.2.840.113549.1.12.10.1.1';
export const OID_PKCS12_SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
export const OID_PKCS12_CERT_BAG = '1.2.840.113549.1.12.10.1.3';
export const OID_PKCS12_SAFE_CONTENTS_BAG = '1.2.840.113549.1.12.10.1.6';
export const OID_PKCS9_X509_CERTIFICATE = '1.2.840.113549.1.9.22.1';
export const OID_PKCS9_FRIENDLY_NAME = '1.2.840.113549.1.9.20';
export const OID_PKCS9_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
export const OID_PBE_SHA1_RC4_128 = '1.2.840.113549.1.12.1.1';
export const OID_PBE_SHA1_RC4_40 = '1.2.840.113549.1.12.1.2';
export const OID_PBE_SHA1_3DES = '1.2.840.113549.1.12.1.3';
export const OID_PBE_SHA1_2DES = '1.2.840.113549.1.12.1.4';
export const OID_PBE_SHA1_RC2_128 = '1.2.840.113549.1.12.1.5';
export const OID_PBE_SHA1_RC2_40 = '1.2.840.113549.1.12.1.6';
export const OID_PBMAC1 = '1.2.840.113549.1.5.14';

// Hash algorithms (NIST CSOR, OIW)
export const OID_SHA1 = '1.3.14.3.2.26';
export const OID_SHA224 = '2.16.840.1.101.3.4.2.4';
export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const OID_SHA384 = '2.16.840.1.101.3.4.2.2';
export const OID_SHA512 = '2.16.840.1.101.3.4.2.3';
