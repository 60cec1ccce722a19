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
  return [
    'GET /api/v1/status on a new connection (pre-flight: reachable, no HA synchronisation; the handshake gives the certificate served before)',
    `GET ${tls}/certificate (backup)`,
    `GET ${tls}/privateKey (backup: size, valid; needs Administrator)`,
    `GET ${tls}/trustedRoot (backup)`,
    'GET /api/v1/files/ini (backup of the parameters)',
    `PUT ${tls}/privateKey (board key, multipart "file")`,
    `PUT ${tls}/certificate (board certificate ${material.certificateFingerprint}, multipart "file")`,
    ...roots,
    `PUT /api/v1/files/ini/incremental (${parameters})`,
    ...verifySteps(tls, 'verify'),
    'POST /api/v1/actions/saveConfiguration',
    'GET /api/v1/status (verify saveNeeded = false)',
    ...verifySteps(tls, 'verify again, only if a connection was lost since the first verification').map(
      (step) => `[if needed] ${step}`,
    ),
    ...(options.mutual
      ? [
          'POST /api/v1/actions/reset {"saveConfiguration": true} (HTTPSRequireClientCertificate takes effect)',
          'GET /api/v1/status with the client certificate (after the reset)',
          'GET /api/v1/status without a client certificate (must be refused)',
        ]
      : []),
  ];
}

function verifySteps(tls: string, why: string): string[] {
  return [
    `GET ${tls}/certificate (${why}: read-back)`,
    `GET ${tls}/privateKey (${why}: valid)`,
    `GET ${tls}/trustedRoot (${why}: roots)`,
    `GET /api/v1/files/ini (${why}: parameters)`,
    `TLS handshake on a new connection (${why}: the pushed certificate is served)`,
  ];
}
