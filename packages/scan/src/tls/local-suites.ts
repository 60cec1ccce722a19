import { createSecureContext } from 'node:tls';
import { CIPHER_SUITES, type CipherSuite } from './cipher-suites.js';
import type { TlsVersion } from './versions.js';

const ORDER: Record<CipherSuite['since'] | TlsVersion, number> = {
  SSLv3: 0,
  TLSv1: 1,
  'TLSv1.1': 2,
  'TLSv1.2': 3,
  'TLSv1.3': 4,
};

let offerable: Set<string> | undefined;

/** Whether the suite exists in the version: TLS 1.3 suites only there, TLS 1.2 suites from 1.2 on, older ones in 1.0–1.2. */
export function suiteAppliesTo(suite: CipherSuite, version: TlsVersion): boolean {
  if (version === 'TLSv1.3') return suite.since === 'TLSv1.3';
  return suite.since !== 'TLSv1.3' && ORDER[suite.since] <= ORDER[version];
}

/**
 * Whether Node's OpenSSL can offer the suite at security level 0 (asked once per process). The rest
 * (legacy suites, 3DES where OpenSSL was built without it) are for the raw ClientHello probe.
 */
export function locallyOffered(suite: CipherSuite): boolean {
  offerable ??= new Set(CIPHER_SUITES.filter(canOffer).map((known) => known.name));
  return offerable.has(suite.name);
}

function canOffer(suite: CipherSuite): boolean {
  if (suite.legacy) return false;
  if (suite.since === 'TLSv1.3') return true;
  try {
    createSecureContext({ ciphers: `${suite.name}:@SECLEVEL=0` });
    return true;
  } catch {
    return false;
  }
}
