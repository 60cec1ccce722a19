import { rootCertificates } from 'node:tls';
import { InvalidArgumentError, type PassphraseInput, readCertificates } from '@certwright/core';
import { CertificateCatalog } from '../analysis/certificate-summary.js';
import { scanPath } from '../files/scan-files.js';
import type { EndpointResult, FileResult, ScanReport } from '../report/types.js';
import type { ScanTarget } from '../targets/types.js';
import { scanEndpoint } from './scan-endpoint.js';

/** Endpoints scanned at once unless `concurrency` says otherwise. */
export const DEFAULT_CONCURRENCY = 32;
/** Per connection, unless `timeoutMs` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** A certificate expiring within this many days is an `expiring` finding, unless `warnDays` says otherwise. */
export const DEFAULT_WARN_DAYS = 30;

/** What to scan and how. */
export interface ScanOptions {
  targets: readonly ScanTarget[];
  /** Endpoints scanned at once (default 32). */
  concurrency?: number;
  /** Per connection (default 10 s). */
  timeoutMs?: number;
  /** Enumerate each accepted suite per version (many more handshakes). */
  ciphers?: boolean;
  /** Trust anchors (PEM or DER) for chain validation; default Node's bundled Mozilla roots. */
  trustAnchors?: readonly (string | Uint8Array)[];
  /** The clock (default now): days to expiry and validity are counted from it. */
  at?: Date;
  /** `expiring` findings below this many days (default 30). */
  warnDays?: number;
  /** Password for PKCS#12 and JKS files. */
  storePassword?: PassphraseInput;
  /** Called as each target finishes (a progress display). */
  onResult?: (result: EndpointResult | FileResult) => void;
  /** Stops starting new targets; those in progress finish. */
  signal?: AbortSignal;
}

/**
 * Scans endpoints (bounded concurrency, per-connection timeouts) and local files, and returns the
 * report every renderer reads. Unreachable endpoints are results with `status: 'failed'`, never thrown.
 *
 * @example
 * const report = await scan({ targets: [...ovocTargets('ovoc.example.com'), parseTarget('ldap://dc1.example.com')] });
 * process.stdout.write(renderTable(report));
 */
export async function scan(options: ScanOptions): Promise<ScanReport> {
  const startedAt = new Date();
  const started = performance.now();
  const at = options.at ?? startedAt;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidArgumentError(`concurrency must be a whole number of at least 1, not ${concurrency}`, {
      field: 'concurrency',
    });
  }
  const catalog = new CertificateCatalog(at);
  const trustAnchors = await anchors(options.trustAnchors);
  const warnDays = options.warnDays ?? DEFAULT_WARN_DAYS;
  const settings = {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ciphers: options.ciphers === true,
    trustAnchors,
    catalog,
    at,
    warnDays,
  };
  const endpoints: EndpointResult[] = [];
  const files: FileResult[] = [];
  for (const target of options.targets) {
    if (target.kind !== 'file') continue;
    const results = await scanPath(target.path, { catalog, at, warnDays, ...passwordOption(options.storePassword) });
    for (const result of results) {
      files.push(result);
      options.onResult?.(result);
    }
  }
  const queue = options.targets.filter((target) => target.kind === 'endpoint');
  const slots = new Array<EndpointResult | undefined>(queue.length);
  let next = 0;
  const worker = async () => {
    while (next < queue.length && options.signal?.aborted !== true) {
      const index = next++;
      const result = await scanEndpoint(queue[index] as (typeof queue)[number], settings);
      slots[index] = result;
      options.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  for (const result of slots) if (result !== undefined) endpoints.push(result);
  return {
    at: at.toISOString(),
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    endpoints,
    files,
  };
}

function passwordOption(password: PassphraseInput | undefined): { storePassword?: PassphraseInput } {
  return password === undefined ? {} : { storePassword: password };
}

/** The anchors as DER, parsed once for the whole scan (the validator caches by content). */
async function anchors(given: ScanOptions['trustAnchors']): Promise<Uint8Array[]> {
  const inputs = given ?? rootCertificates;
  const ders: Uint8Array[] = [];
  for (const input of inputs) ders.push(...(await readCertificates(input)));
  return ders;
}
