import {
  countLine,
  createProgress,
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
import { Output } from '../../io/output.js';
import type { SecretSource } from '../../io/secrets.js';
import { readKeyFile } from '../shared/key-passphrase.js';
import { type DeviceReachOptions, deviceClients, readInventory } from './device-access.js';
import { completePushCommand } from './push-command.js';

export interface DevicePushOptions extends DeviceReachOptions {
  cert: string;
  key: string;
  passphrase: SecretSource;
  root: string;
  tlsContext?: number | undefined;
  roots: 'add' | 'replace';
  mutual: boolean;
  clientCert?: string | undefined;
  clientKey?: string | undefined;
  clientKeyPassphrase: SecretSource;
  concurrency: number;
  dryRun: boolean;
  report?: string | undefined;
  force: boolean;
  allowReset: boolean;
  json: boolean;
}

/**
 * Workflow step 8 on Mediant devices. Pre-flight (files, flags, passwords, then every device read-only)
 * before any device is changed; exit 0 when every device is updated (or already was), 5 when some
 * are, 4 when none is.
 */
export async function devicePush(options: DevicePushOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  checkFlags(options);
  if (options.allowReset)
    output.warn('WARN_RESET_ALLOWED', 'devices may be reset, dropping their calls (--allow-reset)');
  const entries = await readInventory(options, io, output, options.tlsContext);
  if (options.report !== undefined) await assertWritable(io.cwd, [options.report], options.force);
  const material = await readMaterial(options, io, output);
  const mediant: MediantPushOptions = {
    tlsContext: options.tlsContext ?? 0,
    roots: options.roots,
    mutual: options.mutual,
    allowReset: options.allowReset,
  };
  if (options.dryRun) return dryRun(entries, material, mediant, output, io);
  // A device already serving the pushed certificate is trusted by it: that is what lets a re-run complete a push.
  const clientFor = await deviceClients(
    options,
    entries,
    io,
    output,
    [material.certificateFingerprint],
    material.clientIdentity,
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
    completeCommand: (entry) => completePushCommand(options, entry),
    progress,
    signal: stop.signal,
  }).finally(stop.dispose);
  if (options.report !== undefined) {
    const data = `${JSON.stringify({ devices: reports }, null, 2)}\n`;
    await writeFileAtomic(io.cwd, { path: options.report, data, mode: PUBLIC_MODE }, options.force);
  }
  const exitCode = fleetExitCode(reports);
  printResult(reports, exitCode, output, io, options.json);
  return exitCode;
}

function checkFlags(options: DevicePushOptions): void {
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

/** Global pre-flight: the key matches, the certificate and the client pair chain to the pushed roots. */
async function readMaterial(options: DevicePushOptions, io: Io, output: Output): Promise<PushMaterial> {
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
  });
}

async function readClientKey(options: DevicePushOptions, io: Io, output: Output) {
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
  output: Output,
  io: Io,
): ExitCode {
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
  if (output.json) {
    io.stdout.write(`${JSON.stringify({ ok: true, dryRun: true, devices, warnings: output.warnings }, null, 2)}\n`);
    return ExitCode.ok;
  }
  for (const device of devices) {
    io.stdout.write(`${device.name} (${device.host}:${device.port}, ${device.profile}):\n`);
    for (const request of device.requests) io.stdout.write(`  ${request}\n`);
  }
  output.note(`dry run: ${devices.length} device(s), nothing was sent`);
  return ExitCode.ok;
}

/** 0 every device holds the push (updated or unchanged), 5 some, 4 none. */
export function fleetExitCode(reports: readonly DeviceReport[]): ExitCode {
  const done = reports.filter((report) => report.state === 'updated' || report.state === 'unchanged').length;
  if (done === reports.length) return ExitCode.ok;
  return done === 0 ? ExitCode.deviceOrNetwork : ExitCode.partialFleet;
}

function printResult(reports: DeviceReport[], exitCode: ExitCode, output: Output, io: Io, json: boolean): void {
  if (json) {
    const body = {
      ok: exitCode === ExitCode.ok,
      summary: countLine(reports),
      devices: reports,
      warnings: output.warnings,
    };
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return;
  }
  io.stdout.write(reportTable(reports));
}
