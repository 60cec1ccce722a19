import { X509Certificate } from 'node:crypto';
import type { DeviceClient } from '../client/device-client.js';
import { readFlag } from '../client/status-values.js';
import { readIniParameters } from '../profiles/ini-values.js';
import { type ReportedError, reportedError } from './device-report.js';
import type { InventoryEntry } from './inventory.js';
import { mapBounded } from './pool.js';

/** Parameters `device status` shows per profile. */
export const STATUS_PARAMETERS = ['AUPDVerifyCertificates', 'HTTPSRequireClientCertificate'] as const;

/** What `device status` learns about one device, read-only. */
export interface DeviceStatusReport {
  name: string;
  host: string;
  port: number;
  profile: string;
  reachable: boolean;
  servedFingerprint?: string | undefined;
  servedSubject?: string | undefined;
  servedNotAfter?: string | undefined;
  /** Whether the served certificate passes the configured trust (CA or pin). */
  trusted?: boolean | undefined;
  productType?: string | undefined;
  versionID?: string | undefined;
  saveNeeded?: boolean | undefined;
  parameters: Record<string, string>;
  errors: ReportedError[];
}

/** Reads every device's served certificate, status and parameters; changes nothing. */
export function statusFleet(
  entries: readonly InventoryEntry[],
  concurrency: number,
  clientFor: (entry: InventoryEntry) => Promise<DeviceClient>,
): Promise<DeviceStatusReport[]> {
  return mapBounded(entries, concurrency, async (entry) => {
    const report: DeviceStatusReport = {
      name: entry.name,
      host: entry.host,
      port: entry.port,
      profile: entry.profile,
      reachable: false,
      parameters: {},
      errors: [],
    };
    let client: DeviceClient | undefined;
    try {
      client = await clientFor(entry);
      const served = await client.servedCertificate();
      const certificate = new X509Certificate(served.der);
      Object.assign(report, {
        reachable: true,
        servedFingerprint: served.fingerprint,
        servedSubject: certificate.subject.replaceAll('\n', ', '),
        servedNotAfter: new Date(certificate.validTo).toISOString(),
        trusted: served.trusted,
      });
      if (entry.profile === 'mediant') {
        const status = await client.status();
        report.productType = typeof status.productType === 'string' ? status.productType : undefined;
        report.versionID = typeof status.versionID === 'string' ? status.versionID : undefined;
        report.saveNeeded = readFlag(status.saveNeeded);
        report.parameters = readIniParameters(await client.getIni(), STATUS_PARAMETERS);
      }
    } catch (error) {
      report.errors.push(reportedError(error));
    } finally {
      client?.close();
    }
    return report;
  });
}
