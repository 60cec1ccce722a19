import type { DeviceClient } from '../client/device-client.js';
import { reportedError } from '../fleet/device-report.js';
import type { InventoryEntry } from '../fleet/inventory.js';
import { mapBounded } from '../fleet/pool.js';
import { type EnrollMode, type EnrollReport, enrollDevice, type EnrollTarget } from './enroll-device.js';

/** Where an enrolment run tells how it goes (a push's FleetProgress, with enrolment's states). */
export interface EnrollProgress {
  retrying(device: string): void;
  finished(device: string, state: EnrollReport['state'], summary: string): void;
  end(): void;
}

const silent: EnrollProgress = { retrying() {}, finished() {}, end() {} };

/** An enrolment run over an inventory. */
export interface EnrollFleetOptions {
  /** The mode for one device (cert-dir modes carry that device's certificate). */
  modeFor: (entry: InventoryEntry) => EnrollMode;
  keySize: number;
  rootPems: readonly string[];
  concurrency: number;
  /** A client for one device; `onRetry` is to be wired to the client so retries are counted. */
  clientFor: (entry: InventoryEntry, onRetry: () => void) => Promise<DeviceClient>;
  /** The command that completes one device's enrolment (for needs-attention). */
  completeCommand: (entry: InventoryEntry) => string;
  /** tls_context for every device, overriding the inventory's. */
  tlsContext?: number | undefined;
  /** Reset a device whose firmware serves a new certificate only after a reset (else it is pending-reset). */
  allowReset?: boolean | undefined;
  progress?: EnrollProgress;
  /** Stops the run early (Ctrl-C): devices in progress finish, the others are not contacted (ERR_DEVICE_INTERRUPTED). */
  signal?: AbortSignal;
}

/**
 * Enrols every Mediant device of the inventory with a key it generates itself, at most `concurrency`
 * at a time. Returns one report per device in inventory order; never throws for a device's failure.
 */
export async function enrollFleet(
  entries: readonly InventoryEntry[],
  options: EnrollFleetOptions,
): Promise<EnrollReport[]> {
  const progress = options.progress ?? silent;
  const reports = await mapBounded(entries, options.concurrency, async (entry) => {
    const report = options.signal?.aborted ? interrupted(entry, options) : await enrollOne(entry, options, progress);
    progress.finished(report.name, report.state, report.summary);
    return report;
  });
  progress.end();
  return reports;
}

async function enrollOne(
  entry: InventoryEntry,
  options: EnrollFleetOptions,
  progress: EnrollProgress,
): Promise<EnrollReport> {
  const target: EnrollTarget = { name: entry.name, host: entry.host, port: entry.port, profile: entry.profile };
  if (entry.profile !== 'mediant') {
    const message = 'the mp1xx profile has no REST API to generate a key on: use `certwright device provision`';
    return failed(target, { code: 'ERR_DEVICE_INVENTORY', message });
  }
  const retries = { count: 0 };
  let client: DeviceClient | undefined;
  try {
    client = await options.clientFor(entry, () => {
      retries.count++;
      progress.retrying(entry.name);
    });
    return await enrollDevice({
      client,
      target,
      mode: options.modeFor(entry),
      tlsContext: options.tlsContext ?? entry.tlsContext,
      keySize: options.keySize,
      rootPems: options.rootPems,
      rerunCommand: options.completeCommand(entry),
      allowReset: options.allowReset === true,
      retries: () => retries.count,
    });
  } catch (error) {
    // Only building the client can land here (a missing password file, …): nothing was sent.
    return failed(target, reportedError(error));
  } finally {
    client?.close();
  }
}

/** A device the run was stopped before: not contacted, with the command that enrols it. */
function interrupted(entry: InventoryEntry, options: EnrollFleetOptions): EnrollReport {
  const target: EnrollTarget = { name: entry.name, host: entry.host, port: entry.port, profile: entry.profile };
  const message = 'not changed: the run was stopped before this device was started';
  const report = failed(target, { code: 'ERR_DEVICE_INTERRUPTED', message });
  return { ...report, summary: message, command: options.completeCommand(entry) };
}

function failed(target: EnrollTarget, error: EnrollReport['errors'][number]): EnrollReport {
  return {
    ...target,
    state: 'failed',
    changes: [],
    verified: [],
    retries: 0,
    errors: [error],
    warnings: [],
    summary: `pre-flight: ${error.code} ${error.message}`,
  };
}

/** `2 updated, 1 csr-written, 1 failed` in a fixed order. */
export function enrollCountLine(reports: readonly EnrollReport[]): string {
  const order: EnrollReport['state'][] = [
    'updated',
    'csr-written',
    'unchanged',
    'pending-reset',
    'needs-attention',
    'failed',
  ];
  const counts = order
    .map((state) => [state, reports.filter((report) => report.state === state).length] as const)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state}`);
  return counts.length === 0 ? 'no devices' : counts.join(', ');
}
