import { X509Certificate } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  CertificateError,
  createCsr,
  encodeCertificates,
  generateKey,
  type PrivateKey,
  readCertificates,
} from '@certwright/core';
import {
  createProgress,
  deviceNames,
  type EnrollMode,
  type EnrollProgress,
  type EnrollReport,
  enrollCountLine,
  enrollFleet,
  type InventoryEntry,
  signDeviceCsr,
} from '@certwright/device-push';
import { usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { assertWritable, ensureDirectory, PUBLIC_MODE, readUserFile, writeFileAtomic } from '../../io/files.js';
import { stopOnInterrupt } from '../../io/interrupt.js';
import type { Io } from '../../io/io.js';
import type { DeviceEnrollOptions } from '../../commands/device/enroll.js';
import { deviceEnrollSpec } from '../../commands/index.js';
import type { Progress } from '../../render/outcome.js';
import { type Compute, present } from '../../render/present.js';
import { argvOf, commandLine } from '../../spec/to-argv.js';
import { readKeyFile } from '../shared/key-passphrase.js';
import { deviceClients, readInventory } from './device-access.js';

export type { DeviceEnrollOptions };

/** How each device's enrolment ended (the --json fields, docs/devices.md). */
export interface DeviceEnrollResult {
  summary: string;
  devices: EnrollReport[];
}

/** Certificate file names looked for in --cert-dir, per device. */
const CERT_EXTENSIONS = ['.crt', '.pem', '.cer'];

/**
 * Per-device keys: each device generates its key and hands over a CSR; the lab CA signs it with the
 * device's names added (--ca-dir), or the CSRs are written for the enterprise CA (--csr-out) and the
 * certificates it returns are uploaded later (--cert-dir). The private keys never leave the devices.
 */
export const deviceEnroll: Compute<DeviceEnrollOptions, DeviceEnrollResult> = async (options, io, talk) => {
  const output = talk;
  const modeKind = oneMode(options);
  if (options.allowReset)
    output.warn('WARN_RESET_ALLOWED', 'devices may be reset, dropping their calls (--allow-reset)');
  const entries = await readInventory(options, io, output, options.tlsContext);
  const rootPems = (await readCertificates(await readUserFile(io.cwd, options.root), { source: options.root })).map(
    (root) => encodeCertificates([root], 'pem'),
  );
  const csrPath = (entry: InventoryEntry) => join(options.csrOut as string, `${fileStem(entry.name)}.csr`);
  // Two names that become one file name would share one CSR (or one certificate): refused before any device
  // is touched — with --csr-out, each device would otherwise have made a new key whose CSR is then lost.
  if (modeKind !== 'sign') assertDistinctFileNames(entries);
  if (options.report !== undefined) await assertWritable(io.cwd, [options.report], options.force);
  if (modeKind === 'csr-out') await assertWritable(io.cwd, entries.map(csrPath), options.force);
  // Pre-flight, before any device is touched: the CA signs, the certificates are there, the clients can be built.
  const modeFor = await prepareMode(modeKind, options, entries, io, output);
  const clientFor = await deviceClients(options, entries, io, output, [], undefined, {
    keyGenerationTimeoutMs: (options.keygenTimeoutSeconds ?? 120) * 1000,
  });
  const progress = enrollProgress(io, entries.length, options.json);
  const stop = stopOnInterrupt(() =>
    output.note(
      'stopping: the devices being enrolled finish their sequence, no other device is touched (again to quit at once)',
    ),
  );
  const reports = await enrollFleet(entries, {
    modeFor,
    keySize: options.keySize,
    rootPems,
    concurrency: options.concurrency,
    clientFor,
    completeCommand: (entry) => completeCommand(entry, options),
    tlsContext: options.tlsContext,
    allowReset: options.allowReset,
    progress,
    signal: stop.signal,
  }).finally(stop.dispose);
  if (modeKind === 'csr-out') await writeCsrs(reports, entries, csrPath, options, io, output);
  if (options.report !== undefined) {
    const data = `${JSON.stringify({ devices: reports }, null, 2)}\n`;
    await writeFileAtomic(io.cwd, { path: options.report, data, mode: PUBLIC_MODE }, options.force);
  }
  const done = reports.filter((report) => report.state === (modeKind === 'csr-out' ? 'csr-written' : 'updated')).length;
  const exitCode =
    done === reports.length ? ExitCode.ok : done === 0 ? ExitCode.deviceOrNetwork : ExitCode.partialFleet;
  return talk.outcome(exitCode, { summary: enrollCountLine(reports), devices: reports });
};

/** A line per device, the count, and the command that completes each device left half-done. */
export function deviceEnrollText(result: DeviceEnrollResult): string {
  return table(result.devices);
}

type ModeKind = 'sign' | 'csr-out' | 'cert-dir';

function oneMode(options: DeviceEnrollOptions): ModeKind {
  const given = [options.caDir, options.csrOut, options.certDir].filter((value) => value !== undefined);
  if (given.length !== 1) throw usageError('give exactly one of --ca-dir, --csr-out and --cert-dir');
  if (options.caDir !== undefined) return 'sign';
  return options.csrOut !== undefined ? 'csr-out' : 'cert-dir';
}

async function prepareMode(
  kind: ModeKind,
  options: DeviceEnrollOptions,
  entries: InventoryEntry[],
  io: Io,
  output: Progress,
): Promise<(entry: InventoryEntry) => EnrollMode> {
  if (kind === 'csr-out') {
    await ensureDirectory(io.cwd, options.csrOut as string);
    return () => ({ kind: 'csr-out' });
  }
  if (kind === 'cert-dir') {
    const found = new Map<string, string[] | undefined>();
    for (const entry of entries) found.set(entry.name, await certificateFor(entry, options.certDir as string, io));
    return (entry) => {
      const [certificatePem, ...intermediatePems] = found.get(entry.name) ?? [];
      return { kind: 'cert-dir', certificatePem, intermediatePems, source: options.certDir as string };
    };
  }
  const { intermediatePems, ...issuer } = await labCaIssuer(options, io, output);
  const sign = (csrPem: string, target: { host: string }) =>
    signDeviceCsr({ csrPem, addNames: deviceNames(target.host), ...issuer, days: options.days, at: io.now() });
  await trialSignature(sign);
  return () => ({ kind: 'sign', sign, intermediatePems });
}

/** The deepest CA of a lab CA directory (ca2, else ca1, else root), as `ca sign` uses it. */
async function labCaIssuer(
  options: DeviceEnrollOptions,
  io: Io,
  output: Progress,
): Promise<{ issuerCertificatePem: string; issuerKey: PrivateKey; intermediatePems: string[] }> {
  const dir = options.caDir as string;
  const names = ['ca2', 'ca1', 'root'];
  for (const [index, name] of names.entries()) {
    if (!(await fileExists(io, join(dir, `${name}.crt`)))) continue;
    const read = async (file: string) => Buffer.from(await readUserFile(io.cwd, join(dir, file))).toString('utf8');
    const issuerCertificatePem = await read(`${name}.crt`);
    const issuerKey = await readKeyFile(join(dir, `${name}.key`), options.caPassphrase, io, output);
    // The issuing CA and the intermediates above it, issuer first; the root stays out (peers hold it).
    const chain = names.slice(index).filter((member) => member !== 'root');
    const intermediatePems = await Promise.all(chain.map((member) => read(`${member}.crt`)));
    return { issuerCertificatePem, issuerKey, intermediatePems };
  }
  throw new CertificateError('ERR_CA_INVALID', `${dir}: no root.crt (create one with: certwright ca init)`, {
    source: dir,
  });
}

// Signing a throwaway CSR proves the CA can sign before any device makes a new key it would then lack a certificate for.
async function trialSignature(sign: (csrPem: string, target: { host: string }) => Promise<unknown>): Promise<void> {
  const key = await generateKey({ type: 'ec', curve: 'P-256' });
  const csr = await createCsr({ key, subject: { cn: 'certwright pre-flight' } });
  await sign(csr.pem, { host: '192.0.2.1' });
}

/** The device's certificate first, then the intermediates that came with it (self-signed roots left out). */
async function certificateFor(entry: InventoryEntry, dir: string, io: Io): Promise<string[] | undefined> {
  for (const extension of CERT_EXTENSIONS) {
    const path = join(dir, `${fileStem(entry.name)}${extension}`);
    if (!(await fileExists(io, path))) continue;
    const [leaf, ...rest] = await readCertificates(await readUserFile(io.cwd, path), { source: path });
    const intermediates = rest.filter((der) => {
      const certificate = new X509Certificate(der);
      return certificate.subject !== certificate.issuer;
    });
    return [leaf as Uint8Array, ...intermediates].map((der) => encodeCertificates([der], 'pem'));
  }
  return undefined;
}

function fileExists(io: Io, path: string): Promise<boolean> {
  return access(resolve(io.cwd, path)).then(
    () => true,
    () => false,
  );
}

async function writeCsrs(
  reports: EnrollReport[],
  entries: InventoryEntry[],
  csrPath: (entry: InventoryEntry) => string,
  options: DeviceEnrollOptions,
  io: Io,
  output: Progress,
): Promise<void> {
  for (const [index, report] of reports.entries()) {
    if (report.state !== 'csr-written' || report.csrPem === undefined) continue;
    const path = csrPath(entries[index] as InventoryEntry);
    await writeFileAtomic(io.cwd, { path, data: report.csrPem, mode: PUBLIC_MODE }, options.force);
    output.note(`wrote ${path}`);
  }
}

function assertDistinctFileNames(entries: readonly InventoryEntry[]): void {
  const byStem = new Map<string, string>();
  for (const entry of entries) {
    const stem = fileStem(entry.name);
    const other = byStem.get(stem);
    if (other !== undefined) {
      throw usageError(
        `devices "${other}" and "${entry.name}" both become the file name ${stem}.*: rename one in the inventory (nothing was sent)`,
        'inventory',
      );
    }
    byStem.set(stem, entry.name);
  }
}

// Device names become file names: keep them to one path segment.
function fileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * The command that enrols one device again (it makes a new key, so it completes whatever was left):
 * the same flags from the command's spec, limited to that device, without what belongs to the
 * fleet run alone (concurrency, the report, --json).
 */
function completeCommand(entry: InventoryEntry, options: DeviceEnrollOptions): string {
  const argv = argvOf(
    deviceEnrollSpec,
    { ...options, devices: [entry.name] },
    { omit: ['concurrency', 'report', 'force', 'timeoutSeconds', 'json'] },
  );
  return commandLine(argv);
}

function table(reports: readonly EnrollReport[]): string {
  const width = Math.min(40, Math.max(6, ...reports.map((report) => report.name.length)));
  const lines = [`${'DEVICE'.padEnd(width)}  ${'STATE'.padEnd(15)}  DETAIL`];
  for (const report of reports)
    lines.push(`${report.name.padEnd(width)}  ${report.state.padEnd(15)}  ${report.summary}`);
  lines.push('', enrollCountLine(reports));
  for (const report of reports) {
    if (report.command !== undefined) lines.push(`to complete ${report.name}: ${report.command}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A bar on a terminal (a written CSR counts as done); otherwise one plain line per device with its real state. */
function enrollProgress(io: Io, total: number, json: boolean): EnrollProgress {
  if (json) return { retrying() {}, finished() {}, end() {} };
  if (!io.interactive) {
    return {
      retrying() {},
      finished: (device, state, summary) => io.stderr.write(`${device}: ${state} — ${summary}\n`),
      end() {},
    };
  }
  const bar = createProgress(io.stderr, total, true);
  return {
    retrying: (device) => bar.retrying(device),
    finished: (device, state, summary) => bar.finished(device, state === 'csr-written' ? 'updated' : state, summary),
    end: () => bar.end(),
  };
}

/** The command's handler: the work, then its rendering. */
export const deviceEnrollHandler = present(deviceEnroll, deviceEnrollText);
