// `--tls-versions`: which TLS protocol versions a device's listener accepts. Node takes a range
// (minVersion, maxVersion); a gap inside the range is closed with OpenSSL's SSL_OP_NO_* flags.
// TLS 1.0 and 1.1 sign with SHA-1/MD5, which OpenSSL 3 refuses at its default security level, so a
// listener that offers them lowers the level to 0 — on that listener only.
import { constants } from 'node:crypto';
import type { SecureVersion } from 'node:tls';
import type { TlsVersion } from './types.js';

export const TLS_VERSIONS: readonly TlsVersion[] = ['1.0', '1.1', '1.2', '1.3'];

const NODE_NAME: Record<TlsVersion, SecureVersion> = {
  '1.0': 'TLSv1',
  '1.1': 'TLSv1.1',
  '1.2': 'TLSv1.2',
  '1.3': 'TLSv1.3',
};

const DISABLE_FLAG: Record<TlsVersion, number> = {
  '1.0': constants.SSL_OP_NO_TLSv1,
  '1.1': constants.SSL_OP_NO_TLSv1_1,
  '1.2': constants.SSL_OP_NO_TLSv1_2,
  '1.3': constants.SSL_OP_NO_TLSv1_3,
};

export interface ListenerTlsOptions {
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  secureOptions?: number;
  ciphers?: string;
}

/** The listener options for exactly these versions; none at all (Node's defaults: 1.2 and 1.3) when not given. */
export function listenerTlsOptions(versions: readonly TlsVersion[] | undefined): ListenerTlsOptions {
  if (versions === undefined) return {};
  const offered = TLS_VERSIONS.filter((version) => versions.includes(version));
  const lowest = offered[0];
  const highest = offered.at(-1);
  if (lowest === undefined || highest === undefined) throw new RangeError('tlsVersions must name at least one version');
  const gaps = TLS_VERSIONS.slice(TLS_VERSIONS.indexOf(lowest), TLS_VERSIONS.indexOf(highest) + 1).filter(
    (version) => !offered.includes(version),
  );
  const legacy = offered.includes('1.0') || offered.includes('1.1');
  return {
    minVersion: NODE_NAME[lowest],
    maxVersion: NODE_NAME[highest],
    ...(gaps.length > 0 ? { secureOptions: gaps.reduce((flags, version) => flags | DISABLE_FLAG[version], 0) } : {}),
    ...(legacy ? { ciphers: 'DEFAULT@SECLEVEL=0' } : {}),
  };
}
