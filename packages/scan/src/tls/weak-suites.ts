import type { CipherSuite } from './cipher-suites.js';

/** Why a suite is weak. */
export type WeakSuiteReason =
  | 'export'
  | 'anonymous'
  | 'null-encryption'
  | 'rc4'
  | 'des'
  | '3des'
  | '64-bit-block'
  | 'static-rsa'
  | 'cbc-sha1'
  | 'md5';

/**
 * The reasons a suite is weak, none for a strong one: export grade, anonymous (no server
 * authentication), no encryption, RC4, single DES, 3DES and other 64-bit block ciphers (Sweet32),
 * static RSA key exchange (no forward secrecy), CBC with an SHA-1 MAC, an MD5 MAC.
 */
export function weakSuiteReasons(suite: CipherSuite): WeakSuiteReason[] {
  const reasons: WeakSuiteReason[] = [];
  if (suite.name.startsWith('EXP-')) reasons.push('export');
  if (suite.au === 'None') reasons.push('anonymous');
  if (suite.enc === 'None') reasons.push('null-encryption');
  if (suite.enc.startsWith('RC4')) reasons.push('rc4');
  if (suite.enc.startsWith('DES(')) reasons.push('des');
  if (suite.enc.startsWith('3DES')) reasons.push('3des');
  if (suite.enc.startsWith('IDEA') || suite.enc.startsWith('RC2')) reasons.push('64-bit-block');
  if (suite.kx.startsWith('RSA')) reasons.push('static-rsa');
  if (suite.mac === 'SHA1' && isBlockCipher(suite.enc)) reasons.push('cbc-sha1');
  if (suite.mac === 'MD5') reasons.push('md5');
  return reasons;
}

/** CBC-mode ciphers: everything but AEAD modes, stream ciphers and no encryption. */
function isBlockCipher(enc: string): boolean {
  return !/^(AESGCM|AESCCM|ARIAGCM|CHACHA20|RC4|None)/.test(enc);
}
