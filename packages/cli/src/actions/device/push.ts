import {
  checkOvocCertificate,
  countLine,
  createProgress,
  DeviceError,
  type DeviceReport,
  type InventoryEntry,
  type MediantPushOptions,
  mediantPlan,
  type PushMaterial,
  preparePushMaterial,
  pushFleet,
  reportTable,
} from '@certwright/device-push';
import { usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { assertWritable, PUBLIC_MODE, readUserFile, writeFileAtomic } from '../../io/files.js';
import { stopOnInterrupt } from '../../io/interrupt.js';
import type { Io } from '../../io/io.js';
import type { DevicePushOptions } from '../../commands/device/push.js';
import type { Warning } from '../../io/output.js';
import type { Outcome, Progress, Talk } from '../../render/outcome.js';
import { present } from '../../render/present.js';
import { readKeyFile } from '../shared/key-passphrase.js';
import { deviceClients, readInventory } from './device-access.js';
import { completePushCommand } from './push-command.js';

export type { DevicePushOptions };

/** The requests one device would get (a dry run). */
export interface PlannedDevice {
  name: string;
  host: string;
  port: number;
  profile: InventoryEntry['profile'];
  requests: string[];
}

/** A dry run's plan, or how each device ended and the exit code that comes to. */
export type DevicePushResult =
  | { dryRun: true; devices: PlannedDevice[] }
  | { dryRun: false; exitCode: ExitCode; summary: string; devices: DeviceReport[] };

/**
 * Workflow step 8 on Mediant devices. Pre-flight (files, flags, passwords, then every device read-only)
 * before any device is changed; exit 0 when every device is updated (or already was), 5 when some
 * are, 4 when none is.
 */
export async function devicePush(options: DevicePushOptions, io: Io, talk: Talk): Promise<Outcome<DevicePushResult>> {
  const output = talk;
  checkFlags(options);
  if (options.allowReset)
    output.warn('WARN_RESET_ALLOWED', 'devices may be reset, dropping their calls (--allow-reset)');
  if (options.allowWeakBoardKey) {
    output.warn(
      'WARN_WEAK_BOARD_KEY',
      '--allow-weak-board-key: an RSA key below 2048 bits or a SHA-1 signature is accepted; such a key can be broken and such a signature forged, so replace these files with a new server set soon',
    );
  }
  const entries = await readInventory(options, io, output, options.tlsContext);
  checkMutualReach(options, entries);
  if (options.report !== undefined) await assertWritable(io.cwd, [options.report], options.force);
  const material = await readMaterial(options, io, output);
  await checkOvoc(options, io, output);
  const mediant: MediantPushOptions = {
    tlsContext: options.tlsContext ?? 0,
    roots: options.roots,
    mutual: options.mutual,
    allowReset: options.allowReset,
    allowHa: options.allowHa,
    maxClockSkewMs: options.maxClockSkewSeconds * 1000,
    now: () => io.now(),
  };
  if (options.dryRun) return talk.outcome(ExitCode.ok, dryRun(entries, material, mediant, output));
  // A device already serving the pushed certificate is trusted by it: that is what lets a re-run complete a push.
  const clientFor = await deviceClients(
    options,
    entries,
    io,
    output,
    [material.certificateFingerprint],
    material.clientIdentity,
    { busyBudgetMs: options.busyWaitSeconds * 1000 },
  );
  const progress = createProgress(io.stderr, entries.length, io.interactive);
  const stop = stopOnInterrupt(() =>
    output.note(
      'stopping: the devices being pushed finish their sequence, no other device is touched (again to quit at once, which can leave a device half-pushed)',
    ),
  );
  const reports = await pushFleet(entries, {
    material,
    mediant,
    concurrency: options.concurrency,
    clientFor: (entry, onRetry) => clientFor(entry, onRetry),
    completeCommand: (entry, allowReset) =>
      completePushCommand(allowReset ? { ...options, allowReset } : options, entry),
    maxAuthFailures: options.maxAuthFailures,
    progress,
    signal: stop.signal,
  }).finally(stop.dispose);
  if (options.report !== undefined) {
    const data = `${JSON.stringify({ devices: reports }, null, 2)}\n`;
    await writeFileAtomic(io.cwd, { path: options.report, data, mode: PUBLIC_MODE }, options.force);
  }
  const exitCode = fleetExitCode(reports);
  return talk.outcome(exitCode, { dryRun: false, exitCode, summary: countLine(reports), devices: reports });
}

/** The requests per device of a dry run, or the table of how each device ended. */
export function devicePushText(result: DevicePushResult): string {
  if (!result.dryRun) return reportTable(result.devices);
  const lines: string[] = [];
  for (const device of result.devices) {
    lines.push(`${device.name} (${device.host}:${device.port}, ${device.profile}):`);
    for (const request of device.requests) lines.push(`  ${request}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** The --json document (docs/devices.md): ok only when every device holds the push. */
export function devicePushJson(result: DevicePushResult, warnings: Warning[]): object {
  if (result.dryRun) return { ok: true, dryRun: true, devices: result.devices, warnings };
  const { summary, devices } = result;
  return { ok: result.exitCode === ExitCode.ok, summary, devices, warnings };
}

function checkFlags(options: DevicePushOptions): void {
  if (options.allowHa && !options.allowReset) {
    throw usageError('--allow-ha needs --allow-reset: an HA pair is verified after a switchover', 'allow-reset');
  }
  const clientGiven = options.clientCert !== undefined || options.clientKey !== undefined;
  if (!options.mutual && clientGiven) throw usageError('--client-cert and --client-key go with --mutual', 'mutual');
  if (!options.mutual) return;
  if (options.clientCert === undefined || options.clientKey === undefined) {
    throw usageError(
      '--mutual needs --client-cert and --client-key: a device demanding client certificates cannot be reached without them',
      'client-cert',
    );
  }
  if (!options.allowReset) {
    throw usageError(
      '--mutual needs --allow-reset: HTTPSRequireClientCertificate takes effect only after a save and reset',
      'allow-reset',
    );
  }
}

/** The OVOC security guidelines: mutual authentication is not supported behind NAT nor in Cloud Architecture mode. */
function checkMutualReach(options: DevicePushOptions, entries: readonly InventoryEntry[]): void {
  if (!options.mutual) return;
  const where = options.cloudArchitecture
    ? 'OVOC runs in Cloud Architecture mode (--cloud-architecture)'
    : entries.find((entry) => entry.behindNat)?.name;
  if (where === undefined) return;
  const what = options.cloudArchitecture ? where : `${where} is behind NAT (inventory behind_nat)`;
  throw new DeviceError(
    'ERR_DEVICE_PREFLIGHT',
    `--mutual: ${what}, where mutual authentication is not supported (OVOC security guidelines); nothing was sent`,
    { device: 'pre-flight', field: 'mutual' },
  );
}

/** The files one after another, as one PEM text (a certificate and its intermediates in separate files). */
async function concatenated(io: Io, paths: readonly string[]): Promise<string> {
  const texts = await Promise.all(paths.map(async (path) => Buffer.from(await readUserFile(io.cwd, path)).toString()));
  return texts.map((text) => (text.endsWith('\n') ? text : `${text}\n`)).join('');
}

/**
 * With AUPDVerifyCertificates = 1 a device refuses OVOC unless OVOC's certificate chains to the roots it holds:
 * checked before any device is touched when --ovoc-cert or --ovoc-url says what OVOC presents.
 */
async function checkOvoc(options: DevicePushOptions, io: Io, output: Progress): Promise<void> {
  if (options.ovocCert.length > 0 && options.ovocUrl !== undefined) {
    throw usageError('give --ovoc-cert or --ovoc-url, not both', 'ovoc-cert');
  }
  if (options.ovocCert.length === 0 && options.ovocUrl === undefined) {
    output.warn(
      'WARN_DEVICE_OVOC_UNCHECKED',
      "AUPDVerifyCertificates = 1 makes each device refuse OVOC unless OVOC's certificate chains to --root; give --ovoc-cert or --ovoc-url to check that first",
    );
    return;
  }
  const checked = await checkOvocCertificate({
    roots: await readUserFile(io.cwd, options.root),
    certificate:
      options.ovocCert.length === 0
        ? undefined
        : { data: await concatenated(io, options.ovocCert), source: options.ovocCert[0] as string },
    url: options.ovocUrl,
    at: io.now(),
    allowWeak: options.allowWeakBoardKey,
  });
  output.note(`${checked.source}: OVOC's certificate chains to ${options.root}`);
}

/** Global pre-flight: the key matches, the certificate and the client pair chain to the pushed roots. */
async function readMaterial(options: DevicePushOptions, io: Io, output: Progress): Promise<PushMaterial> {
  const key = await readKeyFile(options.key, options.passphrase, io, output);
  const client =
    options.mutual && options.clientCert !== undefined && options.clientKey !== undefined
      ? {
          certificate: await readUserFile(io.cwd, options.clientCert),
          key: await readClientKey(options, io, output),
        }
      : undefined;
  return preparePushMaterial({
    certificate: await readUserFile(io.cwd, options.cert),
    key,
    roots: await readUserFile(io.cwd, options.root),
    client,
    at: io.now(),
    leafOnly: options.leafOnly,
    allowWeak: options.allowWeakBoardKey,
  });
}

async function readClientKey(options: DevicePushOptions, io: Io, output: Progress) {
  const path = options.clientKey as string;
  return readKeyFile(path, options.clientKeyPassphrase, io, output).catch((error: unknown) => {
    // readKeyFile names the --passphrase flags; the client key has its own.
    if ((error as { code?: string }).code === 'ERR_SECRET_UNAVAILABLE') {
      throw usageError(`${path} is encrypted: give --client-key-passphrase-file, -env or -fd`, 'client-key-passphrase');
    }
    throw error;
  });
}

function dryRun(
  entries: readonly InventoryEntry[],
  material: PushMaterial,
  mediant: MediantPushOptions,
  output: Progress,
): DevicePushResult {
  const devices = entries.map((entry) => ({
    name: entry.name,
    host: entry.host,
    port: entry.port,
    profile: entry.profile,
    requests:
      entry.profile === 'mediant'
        ? mediantPlan(material, { ...mediant, tlsContext: entry.tlsContext })
        : ['none: mp1xx devices have no REST API (use certwright device provision)'],
  }));
  output.note(`dry run: ${devices.length} device(s), nothing was sent`);
  return { dryRun: true, devices };
}

/** 0 every device holds the push (updated or unchanged), 5 some, 4 none. */
export function fleetExitCode(reports: readonly DeviceReport[]): ExitCode {
  const done = reports.filter((report) => report.state === 'updated' || report.state === 'unchanged').length;
  if (done === reports.length) return ExitCode.ok;
  return done === 0 ? ExitCode.deviceOrNetwork : ExitCode.partialFleet;
}

/** The command's handler: the work, then its rendering. */
export const devicePushHandler = present(devicePush, devicePushText, devicePushJson);
