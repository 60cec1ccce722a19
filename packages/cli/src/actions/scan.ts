import { readCertificates } from '@certwright/core';
import {
  type EndpointTarget,
  hostOnly,
  ldapTargets,
  ovocTargets,
  parseDays,
  parseDuration,
  parseFailOn,
  parseListen,
  parseTarget,
  renderCalendar,
  renderHtml,
  renderPrometheus,
  renderTable,
  type ScanOptions,
  type ScanReport,
  type ScanTarget,
  scan,
  scanOutcome,
  serveMetrics,
  sqlTargets,
  summaryLine,
  warnDaysFor,
} from '@certwright/scan';
import type { ScanCommandOptions } from '../commands/scan.js';
import { usageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { assertWritable, PUBLIC_MODE, readUserFile, writeFileAtomic } from '../io/files.js';
import { stopOnInterrupt } from '../io/interrupt.js';
import type { Io } from '../io/io.js';
import type { Warning } from '../io/output.js';
import type { Outcome, Progress, Talk } from '../render/outcome.js';
import { present } from '../render/present.js';
import { storePasswordProvider } from './shared/store-password.js';
import { parseTimeOption } from './shared/time-option.js';
import { scanProgress } from './scan-progress.js';
import { readInventoryFile } from './device/inventory-file.js';

export type { ScanCommandOptions };

/** A scan's report and how it measures against --fail-on; undefined report: --serve ran until stopped. */
export interface ScanResult {
  exitCode: ExitCode;
  report: ScanReport | undefined;
  failing: string[];
}

/**
 * `certwright scan`: 1 when a finding meets --fail-on (even if targets were unreachable), else 5 when
 * some targets could not be scanned, 4 when none could, 0 otherwise. --serve runs until stopped.
 */
export async function scanAction(options: ScanCommandOptions, io: Io, talk: Talk): Promise<Outcome<ScanResult>> {
  const output = talk;
  const conditions = parseFailOn(options.failOn);
  const remindDays = options.remind.split(',').map((item) => parseDays(item, '--remind'));
  const at = options.at === undefined ? undefined : parseTimeOption(options.at, '--at');
  checkServeFlags(options);
  const targets = await collectTargets(options, io, output);
  const outputs = [options.calendar, options.prometheus, options.html].filter(
    (path): path is string => path !== undefined,
  );
  await assertWritable(io.cwd, outputs, options.force);
  const scanOptions: ScanOptions = {
    targets,
    concurrency: options.concurrency,
    timeoutMs: options.timeoutSeconds * 1000,
    ciphers: options.ciphers,
    warnDays: warnDaysFor(conditions, 30),
    ...(options.caFile === undefined ? {} : { trustAnchors: await trustAnchors(options.caFile, io) }),
    ...(options.files.length === 0
      ? {}
      : { storePassword: storePasswordProvider('the certificate files', options.storepass, io) }),
  };
  if (options.serve) {
    await serveUntilStopped(scanOptions, at, options, io, output);
    return talk.outcome(ExitCode.ok, { exitCode: ExitCode.ok, report: undefined, failing: [] });
  }

  const stop = stopOnInterrupt(() =>
    output.note('stopping: endpoints being scanned finish, the rest are left out of the report'),
  );
  const progress = scanProgress(io.stderr, targets.length, io.interactive && !options.json);
  let report: ScanReport;
  try {
    report = await scan({
      ...scanOptions,
      at: at ?? io.now(),
      signal: stop.signal,
      onResult: (result) => progress.finished(result.status === 'scanned'),
    });
  } finally {
    progress.end();
    stop.dispose();
  }
  await writeOutputs(report, options, remindDays, io);
  const outcome = scanOutcome(report, conditions);
  const exitCode =
    outcome.failing.length > 0
      ? ExitCode.checkFailed
      : outcome.scanned === 0
        ? ExitCode.deviceOrNetwork
        : outcome.unscanned > 0
          ? ExitCode.partialFleet
          : ExitCode.ok;
  if (!options.json) for (const line of outcome.failing) talk.note(`fails --fail-on: ${line}`);
  return talk.outcome(exitCode, { exitCode, report, failing: outcome.failing });
}

/** The table of every target; nothing after --serve. */
export function scanText(result: ScanResult): string {
  return result.report === undefined ? '' : renderTable(result.report);
}

/** The report as --json prints it (docs/scan.md): ok only when the exit code is 0. */
export function scanJson(result: ScanResult, warnings: Warning[]): object {
  const { report } = result;
  return {
    ok: result.exitCode === ExitCode.ok,
    exitCode: result.exitCode,
    failing: result.failing,
    ...(report === undefined ? {} : { summary: summaryLine(report), ...report }),
    warnings,
  };
}

function checkServeFlags(options: ScanCommandOptions): void {
  if (options.serve && options.listen === undefined) throw usageError('--serve needs --listen host:port', 'listen');
  if (!options.serve && options.listen !== undefined) throw usageError('--listen goes with --serve', 'listen');
}

/** Every target of the command line, inventory rows included, in the order given. */
async function collectTargets(options: ScanCommandOptions, io: Io, output: Progress): Promise<ScanTarget[]> {
  const targets: ScanTarget[] = options.targets.map((text) => parseTarget(text, options.names));
  for (const host of options.ovoc) targets.push(...ovocTargets(hostOnly(host, '--ovoc'), options.names));
  for (const host of options.ldap) targets.push(...ldapTargets(hostOnly(host, '--ldap'), options.names));
  for (const host of options.sql) targets.push(...sqlTargets(hostOnly(host, '--sql'), options.names));
  for (const path of options.inventory) targets.push(...(await inventoryTargets(path, io, output)));
  for (const path of options.files) targets.push({ kind: 'file', path: resolvePath(io.cwd, path) });
  if (targets.length === 0) {
    throw usageError(
      'nothing to scan: give host[:port] targets, --ovoc, --ldap, --sql, --inventory or --file',
      'targets',
    );
  }
  return targets;
}

/** Each https device's management port; http devices have no TLS to scan and are left out with a note. */
async function inventoryTargets(path: string, io: Io, output: Progress): Promise<EndpointTarget[]> {
  // The scan never logs in, so a password column is neither used nor an error here.
  const entries = await readInventoryFile(path, io, { allowPlaintextPasswords: true });
  const plain = entries.filter((entry) => entry.protocol !== 'https');
  if (plain.length > 0) output.note(`${path}: ${plain.length} device(s) use http and have no TLS to scan; left out`);
  return entries
    .filter((entry) => entry.protocol === 'https')
    .map((entry) => ({
      kind: 'endpoint',
      host: entry.host,
      port: entry.port,
      protocol: 'tls',
      role: 'device',
      label: entry.name,
      names: [],
    }));
}

function resolvePath(cwd: string, path: string): string {
  return path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
}

async function trustAnchors(path: string, io: Io): Promise<Uint8Array[]> {
  return readCertificates(await readUserFile(io.cwd, path), { source: path });
}

async function writeOutputs(
  report: ScanReport,
  options: ScanCommandOptions,
  remindDays: number[],
  io: Io,
): Promise<void> {
  const writes: { path: string; data: string }[] = [];
  if (options.calendar !== undefined)
    writes.push({ path: options.calendar, data: renderCalendar(report, { remindDays }) });
  if (options.prometheus !== undefined) writes.push({ path: options.prometheus, data: await renderPrometheus(report) });
  if (options.html !== undefined) writes.push({ path: options.html, data: renderHtml(report) });
  for (const write of writes) await writeFileAtomic(io.cwd, { ...write, mode: PUBLIC_MODE }, options.force);
}

/** --serve: scan now and every --interval, serve /metrics, until SIGINT/SIGTERM. */
async function serveUntilStopped(
  scanOptions: ScanOptions,
  at: Date | undefined,
  options: ScanCommandOptions,
  io: Io,
  output: Progress,
): Promise<void> {
  const intervalMs = parseDuration(options.interval, '--interval');
  const listen = parseListen(options.listen as string);
  const stop = stopOnInterrupt(() => output.note('stopping: the scan in progress finishes, then the endpoint closes'));
  try {
    const server = await serveMetrics({
      listen,
      intervalMs,
      runScan: () => scan({ ...scanOptions, at: at ?? io.now() }),
      onScan: ({ report, error }) => {
        if (report !== undefined) output.note(`scan finished: ${summaryLine(report)}`);
        else output.note(`scan failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    });
    output.note(
      `serving metrics at http://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${server.address.port}/metrics, a scan every ${options.interval}`,
    );
    await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
    await server.close();
  } finally {
    stop.dispose();
  }
}

/** The command's handler: the work, then its rendering. */
export const scanHandler = present(scanAction, scanText, scanJson);
