import type { PushMaterial } from './push-material.js';

/** How a Mediant push runs; shared by the push and its dry-run plan. */
export interface MediantPushOptions {
  tlsContext: number;
  /** `add`: only the roots the context lacks, one by one; `replace`: the whole store becomes the pushed roots. */
  roots: 'add' | 'replace';
  /** Also HTTPSRequireClientCertificate = 1, then save, reset and reconnect with the client pair. */
  mutual: boolean;
  /** May reset the device: needed by --mutual, and lets a rollback reset without saving. */
  allowReset: boolean;
  /** How long a device may stay away after a reset (default 120 s). */
  resetWaitMs?: number;
  /** Push to an HA pair's active unit, wait out synchronisation and verify after a switchover (needs allowReset). */
  allowHa?: boolean;
  /** Refuse a device whose clock is further than this from ours (default 300 s); Infinity accepts any. */
  maxClockSkewMs?: number;
  /** Our clock (default the host's): the device's clock is compared with it. */
  now?: () => Date;
}

/** The parameters a push sets, by canonical name. */
export function mediantParameters(options: Pick<MediantPushOptions, 'mutual'>): Record<string, string> {
  return options.mutual
    ? { AUPDVerifyCertificates: '1', HTTPSRequireClientCertificate: '1' }
    : { AUPDVerifyCertificates: '1' };
}

/** Exactly the requests one device gets in a push that goes well (what --dry-run prints). */
export function mediantPlan(material: PushMaterial, options: MediantPushOptions): string[] {
  const tls = `/api/v1/files/tls/${options.tlsContext}`;
  const parameters = Object.entries(mediantParameters(options))
    .map(([name, value]) => `${name} = ${value}`)
    .join(', ');
  const roots =
    options.roots === 'replace'
      ? [`PUT ${tls}/trustedRoot (${material.rootPems.length} root(s), replaces the store)`]
      : [`PUT ${tls}/trustedRoot/incremental (each pushed root the store lacks, of ${material.rootPems.length})`];
  const chain =
    material.intermediates > 0
      ? `the leaf ${material.certificateFingerprint} and ${material.intermediates} intermediate(s); the leaf alone if the device refuses the chain`
      : `${material.certificateFingerprint}`;
  return [
    'GET /api/v1/status on a new connection (pre-flight: reachable, HA state, clock; the handshake gives the certificate served before)',
    `GET ${tls}/certificate (backup)`,
    `GET ${tls}/privateKey (backup: size, valid; needs Administrator)`,
    `GET ${tls}/trustedRoot (backup)`,
    'GET /api/v1/files/ini (backup of the parameters; NTP server and the TLS contexts in use)',
    `PUT ${tls}/privateKey (board key as PKCS#1/SEC1, multipart "file")`,
    `PUT ${tls}/certificate (board certificate: ${chain}; multipart "file")`,
    ...roots,
    `PUT /api/v1/files/ini/incremental (${parameters})`,
    `GET ${tls}/certificate (read-back)`,
    `GET ${tls}/privateKey (read-back: valid)`,
    `GET ${tls}/trustedRoot (read-back: roots)`,
    'GET /api/v1/files/ini (read-back: parameters)',
    'TLS handshake on a new connection (is the pushed certificate served yet?)',
    'POST /api/v1/actions/saveConfiguration',
    'GET /api/v1/status (saveNeeded = false)',
    '[if a connection was lost since the read-backs] the four read-backs again',
    '[if the pushed certificate was not served yet] TLS handshake on a new connection',
    options.allowReset
      ? '[if it is still not served: the firmware applies it at a reset] POST /api/v1/actions/reset {"saveConfiguration": false}, then the read-backs, a handshake and GET status again'
      : '[if it is still not served: the firmware applies it at a reset] nothing more: pending-reset (run again with --allow-reset)',
    ...(options.allowHa
      ? [
          '[HA pair] GET /files (409 until the redundant unit has synchronised), POST /api/v1/actions/reset (switchover), then the read-backs, a handshake and GET status on the new active unit',
        ]
      : []),
    ...(options.mutual
      ? [
          'POST /api/v1/actions/reset {"saveConfiguration": true} (HTTPSRequireClientCertificate takes effect)',
          'GET /api/v1/status with the client certificate (after the reset)',
          'GET /api/v1/status without a client certificate (must be refused)',
        ]
      : []),
  ];
}
