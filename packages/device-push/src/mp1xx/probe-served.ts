import { type RetryPolicy, withRetry } from '../client/retry.js';
import { fetchServedCertificate } from '../client/served-certificate.js';
import { reportedError, type ReportedError } from '../fleet/device-report.js';
import { mapBounded } from '../fleet/pool.js';

/** About 15 s for a device that is restarting after loading its files. */
const RESTART_WAIT: RetryPolicy = { attempts: 7, baseDelayMs: 500, maxDelayMs: 4000 };

/** What a new TLS connection to one MP-1xx's web interface got after the run. */
export interface ServedProbe {
  name: string;
  /** SHA-256 of the served leaf, hex; absent when the device could not be reached. */
  servedFingerprint?: string;
  /** True when the device now serves the board certificate. */
  servesBoardCertificate: boolean;
  error?: ReportedError;
}

/**
 * One fresh TLS handshake per device (no HTTP, no credentials) to see which certificate its web
 * interface now presents: the endpoint only knows what was fetched, the device's listener shows what
 * was applied. Only the fingerprint is compared, so no trust setting is needed to read it. A device that
 * resets after loading an ini (MediaPack firmware does) is waited for: refused connections are retried.
 */
export function probeServedCertificates(
  devices: readonly { name: string; host: string; port: number }[],
  boardFingerprint: string,
  options: { concurrency?: number; timeoutMs?: number; retry?: RetryPolicy } = {},
): Promise<ServedProbe[]> {
  return mapBounded(devices, options.concurrency ?? 16, async (device) => {
    try {
      const endpoint = {
        device: device.name,
        host: device.host,
        port: device.port,
        protocol: 'https' as const,
        trust: { insecureSkipVerify: true },
        timeoutMs: options.timeoutMs ?? 10_000,
      };
      const served = await withRetry(options.retry ?? RESTART_WAIT, () => fetchServedCertificate(endpoint));
      return {
        name: device.name,
        servedFingerprint: served.fingerprint,
        servesBoardCertificate: served.fingerprint === boardFingerprint,
      };
    } catch (error) {
      return { name: device.name, servesBoardCertificate: false, error: reportedError(error) };
    }
  });
}
