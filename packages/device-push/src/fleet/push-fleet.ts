import { fingerprintText } from '@certwright/core';
import type { DeviceClient } from '../client/device-client.js';
import { type MediantBackup, type MediantResult, mediantPreflight, pushMediant } from '../profiles/mediant.js';
import type { MediantPushOptions } from '../profiles/mediant-plan.js';
import type { PushMaterial } from '../profiles/push-material.js';
import { AuthFailureStop, DEFAULT_MAX_AUTH_FAILURES } from './auth-stop.js';
import { type DeviceReport, reportedError } from './device-report.js';
import type { InventoryEntry } from './inventory.js';
import { mapBounded } from './pool.js';
import { type FleetProgress, silentProgress } from './progress.js';

/** What pushFleet needs: the material, the Mediant options, how many at once, how to make a client, progress and a stop signal. */
export interface FleetPushOptions {
  material: PushMaterial;
  mediant: MediantPushOptions;
  concurrency: number;
  /** A client for one device; `onRetry` is to be wired to the client so retries are counted. */
  clientFor: (entry: InventoryEntry, onRetry: () => void) => Promise<DeviceClient>;
  /** The command that completes the push on one device (for needs-attention); `allowReset`: with --allow-reset added. */
  completeCommand: (entry: InventoryEntry, allowReset?: boolean) => string;
  /** Stop the run after this many devices in a row answered 401 (default 3); the others are not contacted. */
  maxAuthFailures?: number;
  progress?: FleetProgress;
  /**
   * Stops the run early (Ctrl-C): no device is contacted or changed once it is aborted, while each
   * device already being pushed finishes its whole sequence (upload, verify, save, or roll back), so
   * none is left with a key that does not match its certificate. The others report ERR_DEVICE_INTERRUPTED.
   */
  signal?: AbortSignal;
}

interface Prepared {
  entry: InventoryEntry;
  client?: DeviceClient;
  backup?: MediantBackup;
  report?: DeviceReport;
  retries: { count: number };
}

/**
 * Pushes to every device of the inventory. Phase 1 runs each device's pre-flight (reachable, user
 * level, HA, clock, backup) and touches nothing; phase 2 pushes only to the devices that passed.
 * Returns one report per device, in inventory order. Never throws for a device's failure.
 */
export async function pushFleet(
  entries: readonly InventoryEntry[],
  options: FleetPushOptions,
): Promise<DeviceReport[]> {
  if (options.mediant.allowHa && !options.mediant.allowReset) {
    throw new RangeError('allowHa needs allowReset: an HA pair is verified after a switchover');
  }
  const progress = options.progress ?? silentProgress;
  const auth = new AuthFailureStop(options.maxAuthFailures ?? DEFAULT_MAX_AUTH_FAILURES);
  const stopped = () => options.signal?.aborted === true || auth.stopped;
  const prepared = await mapBounded(entries, options.concurrency, async (entry): Promise<Prepared> => {
    if (stopped()) return notStarted(entry, options, auth);
    const item = await preflightOne(entry, options, progress);
    auth.record(item.report?.errors ?? [], item.backup !== undefined);
    return item;
  });
  const reports = await mapBounded(prepared, options.concurrency, async (item) => {
    const report =
      item.report ?? (stopped() ? notStarted(item.entry, options, auth).report : await pushOne(item, options));
    if (item.report === undefined) auth.record(report.errors, true);
    item.client?.close();
    progress.finished(report.name, report.state, report.summary);
    return report;
  });
  progress.end();
  return reports;
}

async function preflightOne(
  entry: InventoryEntry,
  options: FleetPushOptions,
  progress: FleetProgress,
): Promise<Prepared> {
  const retries = { count: 0 };
  if (entry.profile !== 'mediant') {
    const message = 'the mp1xx profile has no REST API: provision it through Automatic Update (see docs/devices.md)';
    return { entry, retries, report: failedReport(entry, retries, { code: 'ERR_DEVICE_INVENTORY', message }) };
  }
  let client: DeviceClient | undefined;
  try {
    client = await options.clientFor(entry, () => {
      retries.count++;
      progress.retrying(entry.name);
    });
    const backup = await mediantPreflight(client, { ...options.mediant, tlsContext: entry.tlsContext });
    // Hold no socket while the rest of the fleet runs its pre-flight (10,000 idle TLS sockets add up).
    client.close();
    return { entry, client, backup, retries };
  } catch (error) {
    client?.close();
    return { entry, retries, report: failedReport(entry, retries, reportedError(error)) };
  }
}

async function pushOne(item: Prepared, options: FleetPushOptions): Promise<DeviceReport> {
  const { entry } = item;
  const result = await pushMediant(item.client as DeviceClient, options.material, item.backup as MediantBackup, {
    ...options.mediant,
    tlsContext: entry.tlsContext,
  }).catch(
    // pushMediant reports every device failure itself; this is a bug's last resort: the device's state is
    // unknown, so it is never reported as updated or rolled back, and the rest of the fleet still runs.
    (error: unknown): MediantResult => ({
      state: 'needs-attention',
      changes: [],
      verified: [],
      servedBefore: item.backup?.servedBefore,
      errors: [reportedError(error)],
      warnings: [],
    }),
  );
  const command =
    result.state === 'needs-attention'
      ? options.completeCommand(entry)
      : result.state === 'pending-reset'
        ? options.completeCommand(entry, true)
        : undefined;
  return { ...toReport(entry, result, item.retries.count, command), device: item.backup?.facts };
}

function toReport(
  entry: InventoryEntry,
  result: MediantResult,
  retries: number,
  command: string | undefined,
): DeviceReport {
  return {
    name: entry.name,
    host: entry.host,
    port: entry.port,
    profile: entry.profile,
    state: result.state,
    changes: result.changes,
    verified: result.verified,
    servedBefore: result.servedBefore,
    servedAfter: result.servedAfter,
    saveNeeded: result.saveNeeded,
    retries,
    errors: result.errors,
    warnings: result.warnings,
    command,
    summary: `${summarize(result)}${retries > 0 ? ` (${retries} ${retries === 1 ? 'retry' : 'retries'})` : ''}`,
  };
}

/** A device the run stopped before (Ctrl-C, or too many 401s in a row): untouched, with the command that pushes to it. */
function notStarted(
  entry: InventoryEntry,
  options: FleetPushOptions,
  auth: AuthFailureStop,
): Prepared & { report: DeviceReport } {
  const retries = { count: 0 };
  const error = auth.stopped
    ? {
        code: 'ERR_DEVICE_AUTH_STOPPED',
        message: 'not contacted: the run stopped after devices in a row refused the credentials (401)',
      }
    : { code: 'ERR_DEVICE_INTERRUPTED', message: 'not changed: the run was stopped before this device was started' };
  const report = failedReport(entry, retries, error);
  return { entry, retries, report: { ...report, summary: error.message, command: options.completeCommand(entry) } };
}

function failedReport(
  entry: InventoryEntry,
  retries: { count: number },
  error: DeviceReport['errors'][number],
): DeviceReport {
  return {
    name: entry.name,
    host: entry.host,
    port: entry.port,
    profile: entry.profile,
    state: 'failed',
    changes: [],
    verified: [],
    retries: retries.count,
    errors: [error],
    warnings: [],
    summary: `pre-flight: ${error.code} ${error.message}`,
  };
}

/** A device's line in the push table: its state in words, with what it serves now (fingerprint in full). */
export function summarize(result: MediantResult): string {
  const last = result.errors.at(-1);
  switch (result.state) {
    case 'updated':
      return `serves ${shown(result.servedAfter)}; verified ${result.verified.join(', ')}`;
    case 'unchanged':
      return `already serves ${shown(result.servedAfter)} with everything set and saved`;
    case 'rolled-back':
      return `serves its previous certificate ${shown(result.servedAfter)} again (${last?.code ?? 'error'})`;
    case 'pending-reset':
      return `loaded, verified and saved; serves ${shown(result.servedAfter)} until a reset (run again with --allow-reset)`;
    default:
      return last === undefined ? '' : `${last.code} ${last.message}`;
  }
}

/** The CLI's one fingerprint style (colon-separated upper case, as OpenSSL prints it). */
function shown(fingerprint: string | undefined): string {
  return fingerprint === undefined ? '?' : fingerprintText(fingerprint);
}
