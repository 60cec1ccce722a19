// The TLS cipher suites the scanner knows: IANA code, OpenSSL name, the lowest protocol version that
// has it, key exchange, authentication, encryption and MAC (OpenSSL's own classification, as
// `openssl ciphers -V` prints it; a test compares this table with that output). PSK and SRP suites
// are left out: a server offers them only to clients that hold a shared secret.
// The `legacy` rows are suites OpenSSL 3 can no longer offer at any security level (export, RC4,
// single DES, IDEA; 3DES where OpenSSL was built without it): only the raw ClientHello probe asks for them.

/** One row of the table. */
export interface CipherSuite {
  /** The two-byte IANA code. */
  code: number;
  /** OpenSSL's name (IANA name for TLS 1.3 suites). */
  name: string;
  /** The lowest protocol version the suite is defined for (OpenSSL's "SSLv3" means every TLS version). */
  since: 'SSLv3' | 'TLSv1' | 'TLSv1.2' | 'TLSv1.3';
  kx: string;
  au: string;
  enc: string;
  mac: string;
  /** True for suites OpenSSL 3 never offers: only the raw ClientHello probe can ask for them. */
  legacy?: boolean;
}

type Row = [number, string, CipherSuite['since'], string, string, string, string];

const MODERN: readonly Row[] = [
  [0x1302, 'TLS_AES_256_GCM_SHA384', 'TLSv1.3', 'any', 'any', 'AESGCM(256)', 'AEAD'],
  [0x1303, 'TLS_CHACHA20_POLY1305_SHA256', 'TLSv1.3', 'any', 'any', 'CHACHA20/POLY1305(256)', 'AEAD'],
  [0x1301, 'TLS_AES_128_GCM_SHA256', 'TLSv1.3', 'any', 'any', 'AESGCM(128)', 'AEAD'],
  [0xc02c, 'ECDHE-ECDSA-AES256-GCM-SHA384', 'TLSv1.2', 'ECDH', 'ECDSA', 'AESGCM(256)', 'AEAD'],
  [0xc030, 'ECDHE-RSA-AES256-GCM-SHA384', 'TLSv1.2', 'ECDH', 'RSA', 'AESGCM(256)', 'AEAD'],
  [0x00a3, 'DHE-DSS-AES256-GCM-SHA384', 'TLSv1.2', 'DH', 'DSS', 'AESGCM(256)', 'AEAD'],
  [0x009f, 'DHE-RSA-AES256-GCM-SHA384', 'TLSv1.2', 'DH', 'RSA', 'AESGCM(256)', 'AEAD'],
  [0xcca9, 'ECDHE-ECDSA-CHACHA20-POLY1305', 'TLSv1.2', 'ECDH', 'ECDSA', 'CHACHA20/POLY1305(256)', 'AEAD'],
  [0xcca8, 'ECDHE-RSA-CHACHA20-POLY1305', 'TLSv1.2', 'ECDH', 'RSA', 'CHACHA20/POLY1305(256)', 'AEAD'],
  [0xccaa, 'DHE-RSA-CHACHA20-POLY1305', 'TLSv1.2', 'DH', 'RSA', 'CHACHA20/POLY1305(256)', 'AEAD'],
  [0xc0af, 'ECDHE-ECDSA-AES256-CCM8', 'TLSv1.2', 'ECDH', 'ECDSA', 'AESCCM8(256)', 'AEAD'],
  [0xc0ad, 'ECDHE-ECDSA-AES256-CCM', 'TLSv1.2', 'ECDH', 'ECDSA', 'AESCCM(256)', 'AEAD'],
  [0xc0a3, 'DHE-RSA-AES256-CCM8', 'TLSv1.2', 'DH', 'RSA', 'AESCCM8(256)', 'AEAD'],
  [0xc09f, 'DHE-RSA-AES256-CCM', 'TLSv1.2', 'DH', 'RSA', 'AESCCM(256)', 'AEAD'],
  [0xc05d, 'ECDHE-ECDSA-ARIA256-GCM-SHA384', 'TLSv1.2', 'ECDH', 'ECDSA', 'ARIAGCM(256)', 'AEAD'],
  [0xc061, 'ECDHE-ARIA256-GCM-SHA384', 'TLSv1.2', 'ECDH', 'RSA', 'ARIAGCM(256)', 'AEAD'],
  [0xc057, 'DHE-DSS-ARIA256-GCM-SHA384', 'TLSv1.2', 'DH', 'DSS', 'ARIAGCM(256)', 'AEAD'],
  [0xc053, 'DHE-RSA-ARIA256-GCM-SHA384', 'TLSv1.2', 'DH', 'RSA', 'ARIAGCM(256)', 'AEAD'],
  [0x00a7, 'ADH-AES256-GCM-SHA384', 'TLSv1.2', 'DH', 'None', 'AESGCM(256)', 'AEAD'],
  [0xc02b, 'ECDHE-ECDSA-AES128-GCM-SHA256', 'TLSv1.2', 'ECDH', 'ECDSA', 'AESGCM(128)', 'AEAD'],
  [0xc02f, 'ECDHE-RSA-AES128-GCM-SHA256', 'TLSv1.2', 'ECDH', 'RSA', 'AESGCM(128)', 'AEAD'],
  [0x00a2, 'DHE-DSS-AES128-GCM-SHA256', 'TLSv1.2', 'DH', 'DSS', 'AESGCM(128)', 'AEAD'],
  [0x009e, 'DHE-RSA-AES128-GCM-SHA256', 'TLSv1.2', 'DH', 'RSA', 'AESGCM(128)', 'AEAD'],
  [0xc0ae, 'ECDHE-ECDSA-AES128-CCM8', 'TLSv1.2', 'ECDH', 'ECDSA', 'AESCCM8(128)', 'AEAD'],
  [0xc0ac, 'ECDHE-ECDSA-AES128-CCM', 'TLSv1.2', 'ECDH', 'ECDSA', 'AESCCM(128)', 'AEAD'],
  [0xc0a2, 'DHE-RSA-AES128-CCM8', 'TLSv1.2', 'DH', 'RSA', 'AESCCM8(128)', 'AEAD'],
  [0xc09e, 'DHE-RSA-AES128-CCM', 'TLSv1.2', 'DH', 'RSA', 'AESCCM(128)', 'AEAD'],
  [0xc05c, 'ECDHE-ECDSA-ARIA128-GCM-SHA256', 'TLSv1.2', 'ECDH', 'ECDSA', 'ARIAGCM(128)', 'AEAD'],
  [0xc060, 'ECDHE-ARIA128-GCM-SHA256', 'TLSv1.2', 'ECDH', 'RSA', 'ARIAGCM(128)', 'AEAD'],
  [0xc056, 'DHE-DSS-ARIA128-GCM-SHA256', 'TLSv1.2', 'DH', 'DSS', 'ARIAGCM(128)', 'AEAD'],
  [0xc052, 'DHE-RSA-ARIA128-GCM-SHA256', 'TLSv1.2', 'DH', 'RSA', 'ARIAGCM(128)', 'AEAD'],
  [0x00a6, 'ADH-AES128-GCM-SHA256', 'TLSv1.2', 'DH', 'None', 'AESGCM(128)', 'AEAD'],
  [0xc024, 'ECDHE-ECDSA-AES256-SHA384', 'TLSv1.2', 'ECDH', 'ECDSA', 'AES(256)', 'SHA384'],
  [0xc028, 'ECDHE-RSA-AES256-SHA384', 'TLSv1.2', 'ECDH', 'RSA', 'AES(256)', 'SHA384'],
  [0x006b, 'DHE-RSA-AES256-SHA256', 'TLSv1.2', 'DH', 'RSA', 'AES(256)', 'SHA256'],
  [0x006a, 'DHE-DSS-AES256-SHA256', 'TLSv1.2', 'DH', 'DSS', 'AES(256)', 'SHA256'],
  [0xc073, 'ECDHE-ECDSA-CAMELLIA256-SHA384', 'TLSv1.2', 'ECDH', 'ECDSA', 'Camellia(256)', 'SHA384'],
  [0xc077, 'ECDHE-RSA-CAMELLIA256-SHA384', 'TLSv1.2', 'ECDH', 'RSA', 'Camellia(256)', 'SHA384'],
  [0x00c4, 'DHE-RSA-CAMELLIA256-SHA256', 'TLSv1.2', 'DH', 'RSA', 'Camellia(256)', 'SHA256'],
  [0x00c3, 'DHE-DSS-CAMELLIA256-SHA256', 'TLSv1.2', 'DH', 'DSS', 'Camellia(256)', 'SHA256'],
  [0x006d, 'ADH-AES256-SHA256', 'TLSv1.2', 'DH', 'None', 'AES(256)', 'SHA256'],
  [0x00c5, 'ADH-CAMELLIA256-SHA256', 'TLSv1.2', 'DH', 'None', 'Camellia(256)', 'SHA256'],
  [0xc023, 'ECDHE-ECDSA-AES128-SHA256', 'TLSv1.2', 'ECDH', 'ECDSA', 'AES(128)', 'SHA256'],
  [0xc027, 'ECDHE-RSA-AES128-SHA256', 'TLSv1.2', 'ECDH', 'RSA', 'AES(128)', 'SHA256'],
  [0x0067, 'DHE-RSA-AES128-SHA256', 'TLSv1.2', 'DH', 'RSA', 'AES(128)', 'SHA256'],
  [0x0040, 'DHE-DSS-AES128-SHA256', 'TLSv1.2', 'DH', 'DSS', 'AES(128)', 'SHA256'],
  [0xc072, 'ECDHE-ECDSA-CAMELLIA128-SHA256', 'TLSv1.2', 'ECDH', 'ECDSA', 'Camellia(128)', 'SHA256'],
  [0xc076, 'ECDHE-RSA-CAMELLIA128-SHA256', 'TLSv1.2', 'ECDH', 'RSA', 'Camellia(128)', 'SHA256'],
  [0x00be, 'DHE-RSA-CAMELLIA128-SHA256', 'TLSv1.2', 'DH', 'RSA', 'Camellia(128)', 'SHA256'],
  [0x00bd, 'DHE-DSS-CAMELLIA128-SHA256', 'TLSv1.2', 'DH', 'DSS', 'Camellia(128)', 'SHA256'],
  [0x006c, 'ADH-AES128-SHA256', 'TLSv1.2', 'DH', 'None', 'AES(128)', 'SHA256'],
  [0x00bf, 'ADH-CAMELLIA128-SHA256', 'TLSv1.2', 'DH', 'None', 'Camellia(128)', 'SHA256'],
  [0xc00a, 'ECDHE-ECDSA-AES256-SHA', 'TLSv1', 'ECDH', 'ECDSA', 'AES(256)', 'SHA1'],
  [0xc014, 'ECDHE-RSA-AES256-SHA', 'TLSv1', 'ECDH', 'RSA', 'AES(256)', 'SHA1'],
  [0x0039, 'DHE-RSA-AES256-SHA', 'SSLv3', 'DH', 'RSA', 'AES(256)', 'SHA1'],
  [0x0038, 'DHE-DSS-AES256-SHA', 'SSLv3', 'DH', 'DSS', 'AES(256)', 'SHA1'],
  [0x0088, 'DHE-RSA-CAMELLIA256-SHA', 'SSLv3', 'DH', 'RSA', 'Camellia(256)', 'SHA1'],
  [0x0087, 'DHE-DSS-CAMELLIA256-SHA', 'SSLv3', 'DH', 'DSS', 'Camellia(256)', 'SHA1'],
  [0xc019, 'AECDH-AES256-SHA', 'TLSv1', 'ECDH', 'None', 'AES(256)', 'SHA1'],
  [0x003a, 'ADH-AES256-SHA', 'SSLv3', 'DH', 'None', 'AES(256)', 'SHA1'],
  [0x0089, 'ADH-CAMELLIA256-SHA', 'SSLv3', 'DH', 'None', 'Camellia(256)', 'SHA1'],
  [0xc009, 'ECDHE-ECDSA-AES128-SHA', 'TLSv1', 'ECDH', 'ECDSA', 'AES(128)', 'SHA1'],
  [0xc013, 'ECDHE-RSA-AES128-SHA', 'TLSv1', 'ECDH', 'RSA', 'AES(128)', 'SHA1'],
  [0x0033, 'DHE-RSA-AES128-SHA', 'SSLv3', 'DH', 'RSA', 'AES(128)', 'SHA1'],
  [0x0032, 'DHE-DSS-AES128-SHA', 'SSLv3', 'DH', 'DSS', 'AES(128)', 'SHA1'],
  [0x0045, 'DHE-RSA-CAMELLIA128-SHA', 'SSLv3', 'DH', 'RSA', 'Camellia(128)', 'SHA1'],
  [0x0044, 'DHE-DSS-CAMELLIA128-SHA', 'SSLv3', 'DH', 'DSS', 'Camellia(128)', 'SHA1'],
  [0xc018, 'AECDH-AES128-SHA', 'TLSv1', 'ECDH', 'None', 'AES(128)', 'SHA1'],
  [0x0034, 'ADH-AES128-SHA', 'SSLv3', 'DH', 'None', 'AES(128)', 'SHA1'],
  [0x0046, 'ADH-CAMELLIA128-SHA', 'SSLv3', 'DH', 'None', 'Camellia(128)', 'SHA1'],
  [0x009d, 'AES256-GCM-SHA384', 'TLSv1.2', 'RSA', 'RSA', 'AESGCM(256)', 'AEAD'],
  [0xc0a1, 'AES256-CCM8', 'TLSv1.2', 'RSA', 'RSA', 'AESCCM8(256)', 'AEAD'],
  [0xc09d, 'AES256-CCM', 'TLSv1.2', 'RSA', 'RSA', 'AESCCM(256)', 'AEAD'],
  [0xc051, 'ARIA256-GCM-SHA384', 'TLSv1.2', 'RSA', 'RSA', 'ARIAGCM(256)', 'AEAD'],
  [0x009c, 'AES128-GCM-SHA256', 'TLSv1.2', 'RSA', 'RSA', 'AESGCM(128)', 'AEAD'],
  [0xc0a0, 'AES128-CCM8', 'TLSv1.2', 'RSA', 'RSA', 'AESCCM8(128)', 'AEAD'],
  [0xc09c, 'AES128-CCM', 'TLSv1.2', 'RSA', 'RSA', 'AESCCM(128)', 'AEAD'],
  [0xc050, 'ARIA128-GCM-SHA256', 'TLSv1.2', 'RSA', 'RSA', 'ARIAGCM(128)', 'AEAD'],
  [0x003d, 'AES256-SHA256', 'TLSv1.2', 'RSA', 'RSA', 'AES(256)', 'SHA256'],
  [0x00c0, 'CAMELLIA256-SHA256', 'TLSv1.2', 'RSA', 'RSA', 'Camellia(256)', 'SHA256'],
  [0x003c, 'AES128-SHA256', 'TLSv1.2', 'RSA', 'RSA', 'AES(128)', 'SHA256'],
  [0x00ba, 'CAMELLIA128-SHA256', 'TLSv1.2', 'RSA', 'RSA', 'Camellia(128)', 'SHA256'],
  [0x0035, 'AES256-SHA', 'SSLv3', 'RSA', 'RSA', 'AES(256)', 'SHA1'],
  [0x0084, 'CAMELLIA256-SHA', 'SSLv3', 'RSA', 'RSA', 'Camellia(256)', 'SHA1'],
  [0x002f, 'AES128-SHA', 'SSLv3', 'RSA', 'RSA', 'AES(128)', 'SHA1'],
  [0x0041, 'CAMELLIA128-SHA', 'SSLv3', 'RSA', 'RSA', 'Camellia(128)', 'SHA1'],
  [0xc006, 'ECDHE-ECDSA-NULL-SHA', 'TLSv1', 'ECDH', 'ECDSA', 'None', 'SHA1'],
  [0xc010, 'ECDHE-RSA-NULL-SHA', 'TLSv1', 'ECDH', 'RSA', 'None', 'SHA1'],
  [0xc015, 'AECDH-NULL-SHA', 'TLSv1', 'ECDH', 'None', 'None', 'SHA1'],
  [0x003b, 'NULL-SHA256', 'TLSv1.2', 'RSA', 'RSA', 'None', 'SHA256'],
  [0x0002, 'NULL-SHA', 'SSLv3', 'RSA', 'RSA', 'None', 'SHA1'],
  [0x0001, 'NULL-MD5', 'SSLv3', 'RSA', 'RSA', 'None', 'MD5'],
  [0x1304, 'TLS_AES_128_CCM_SHA256', 'TLSv1.3', 'any', 'any', 'AESCCM(128)', 'AEAD'],
  [0x1305, 'TLS_AES_128_CCM_8_SHA256', 'TLSv1.3', 'any', 'any', 'AESCCM8(128)', 'AEAD'],
];

const LEGACY: readonly Row[] = [
  [0x000a, 'DES-CBC3-SHA', 'SSLv3', 'RSA', 'RSA', '3DES(168)', 'SHA1'],
  [0x0013, 'DHE-DSS-DES-CBC3-SHA', 'SSLv3', 'DH', 'DSS', '3DES(168)', 'SHA1'],
  [0x0016, 'DHE-RSA-DES-CBC3-SHA', 'SSLv3', 'DH', 'RSA', '3DES(168)', 'SHA1'],
  [0x001b, 'ADH-DES-CBC3-SHA', 'SSLv3', 'DH', 'None', '3DES(168)', 'SHA1'],
  [0xc008, 'ECDHE-ECDSA-DES-CBC3-SHA', 'TLSv1', 'ECDH', 'ECDSA', '3DES(168)', 'SHA1'],
  [0xc012, 'ECDHE-RSA-DES-CBC3-SHA', 'TLSv1', 'ECDH', 'RSA', '3DES(168)', 'SHA1'],
  [0x0004, 'RC4-MD5', 'SSLv3', 'RSA', 'RSA', 'RC4(128)', 'MD5'],
  [0x0005, 'RC4-SHA', 'SSLv3', 'RSA', 'RSA', 'RC4(128)', 'SHA1'],
  [0x0018, 'ADH-RC4-MD5', 'SSLv3', 'DH', 'None', 'RC4(128)', 'MD5'],
  [0xc007, 'ECDHE-ECDSA-RC4-SHA', 'TLSv1', 'ECDH', 'ECDSA', 'RC4(128)', 'SHA1'],
  [0xc011, 'ECDHE-RSA-RC4-SHA', 'TLSv1', 'ECDH', 'RSA', 'RC4(128)', 'SHA1'],
  [0x0009, 'DES-CBC-SHA', 'SSLv3', 'RSA', 'RSA', 'DES(56)', 'SHA1'],
  [0x0012, 'DHE-DSS-DES-CBC-SHA', 'SSLv3', 'DH', 'DSS', 'DES(56)', 'SHA1'],
  [0x0015, 'DHE-RSA-DES-CBC-SHA', 'SSLv3', 'DH', 'RSA', 'DES(56)', 'SHA1'],
  [0x0007, 'IDEA-CBC-SHA', 'SSLv3', 'RSA', 'RSA', 'IDEA(128)', 'SHA1'],
  [0x0003, 'EXP-RC4-MD5', 'SSLv3', 'RSA(512)', 'RSA', 'RC4(40)', 'MD5'],
  [0x0006, 'EXP-RC2-CBC-MD5', 'SSLv3', 'RSA(512)', 'RSA', 'RC2(40)', 'MD5'],
  [0x0008, 'EXP-DES-CBC-SHA', 'SSLv3', 'RSA(512)', 'RSA', 'DES(40)', 'SHA1'],
  [0x0011, 'EXP-DHE-DSS-DES-CBC-SHA', 'SSLv3', 'DH(512)', 'DSS', 'DES(40)', 'SHA1'],
  [0x0014, 'EXP-DHE-RSA-DES-CBC-SHA', 'SSLv3', 'DH(512)', 'RSA', 'DES(40)', 'SHA1'],
];

function toSuite(row: Row, legacy: boolean): CipherSuite {
  const [code, name, since, kx, au, enc, mac] = row;
  return { code, name, since, kx, au, enc, mac, ...(legacy ? { legacy: true } : {}) };
}

/** Every suite the scanner knows, modern ones first. */
export const CIPHER_SUITES: readonly CipherSuite[] = [
  ...MODERN.map((row) => toSuite(row, false)),
  ...LEGACY.map((row) => toSuite(row, true)),
];

const BY_NAME = new Map(CIPHER_SUITES.map((suite) => [suite.name, suite]));
const BY_CODE = new Map(CIPHER_SUITES.map((suite) => [suite.code, suite]));

/** The suite OpenSSL (or Node) calls `name`, if the table has it. */
export function suiteByName(name: string): CipherSuite | undefined {
  return BY_NAME.get(name);
}

/** The suite with this IANA code, if the table has it. */
export function suiteByCode(code: number): CipherSuite | undefined {
  return BY_CODE.get(code);
}
