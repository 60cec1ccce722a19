import { X509Certificate } from 'node:crypto';
import { exportPrivateKeyPem, KeyError, keyMatchesCertificate } from '@certwright/core';
import { type ClientIdentity, type DeviceStatusReport, sha256Hex, statusFleet } from '@certwright/device-push';
import { usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { readUserFile } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import type { DeviceStatusOptions } from '../../commands/device/status.js';
import type { Warning } from '../../io/output.js';
import type { Progress } from '../../render/outcome.js';
import { type Compute, present } from '../../render/present.js';
import { readKeyFile } from '../shared/key-passphrase.js';
import { deviceClients, readInventory } from './device-access.js';
import { fingerprintText } from '../../render/fingerprint.js';

export type { DeviceStatusOptions };

/** What each device answered, and the exit code it comes to. */
export interface DeviceStatusResult {
  exitCode: ExitCode;
  devices: DeviceStatusReport[];
}

/** Read-only: what each device serves and how it is set. Exit 0 all answered, 5 some, 4 none. */
export const deviceStatus: Compute<DeviceStatusOptions, DeviceStatusResult> = async (options, io, talk) => {
  const output = talk;
  const entries = await readInventory(options, io, output);
  const pins =
    options.cert === undefined
      ? []
      : [sha256Hex(new Uint8Array(new X509Certificate(Buffer.from(await readUserFile(io.cwd, options.cert))).raw))];
  const clientFor = await deviceClients(options, entries, io, output, pins, await clientIdentity(options, io, output));
  const reports = await statusFleet(entries, options.concurrency, (entry) => clientFor(entry));
  const answered = reports.filter((report) => report.errors.length === 0).length;
  const exitCode =
    answered === reports.length ? ExitCode.ok : answered === 0 ? ExitCode.deviceOrNetwork : ExitCode.partialFleet;
  return talk.outcome(exitCode, { exitCode, devices: reports });
};

/** The --json document (docs/devices.md): ok only when every device answered. */
export function deviceStatusJson(result: DeviceStatusResult, warnings: Warning[]): object {
  return { ok: result.exitCode === ExitCode.ok, devices: result.devices, warnings };
}

/** One tab-separated line per device. */
export function deviceStatusText(result: DeviceStatusResult): string {
  return statusTable(result.devices);
}

function statusTable(reports: readonly DeviceStatusReport[]): string {
  const lines = [
    'DEVICE\tSERVED (SHA-256)\tEXPIRES\tTRUSTED\tAUPDVerifyCertificates\tHTTPSRequireClientCertificate\tsaveNeeded',
  ];
  for (const report of reports) {
    if (report.errors.length > 0 && !report.reachable) {
      lines.push(`${report.name}\terror: ${report.errors.map((error) => `${error.code} ${error.message}`).join('; ')}`);
      continue;
    }
    lines.push(
      [
        report.name,
        report.servedFingerprint === undefined ? '?' : fingerprintText(report.servedFingerprint),
        report.servedNotAfter?.slice(0, 10) ?? '?',
        report.trusted ? 'yes' : 'NO',
        report.parameters.AUPDVerifyCertificates ?? '-',
        report.parameters.HTTPSRequireClientCertificate ?? '-',
        report.saveNeeded === undefined ? '-' : String(report.saveNeeded),
      ].join('\t') + (report.errors.length > 0 ? `\terror: ${report.errors[0]?.code}` : ''),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function clientIdentity(
  options: DeviceStatusOptions,
  io: Io,
  output: Progress,
): Promise<ClientIdentity | undefined> {
  if (options.clientCert === undefined && options.clientKey === undefined) return undefined;
  if (options.clientCert === undefined || options.clientKey === undefined) {
    throw usageError('--client-cert and --client-key go together', 'client-cert');
  }
  const key = await readKeyFile(options.clientKey, options.clientKeyPassphrase, io, output);
  const certificate = Buffer.from(await readUserFile(io.cwd, options.clientCert));
  if (!(await keyMatchesCertificate(key, certificate, { source: options.clientCert }))) {
    throw new KeyError('ERR_KEY_MISMATCH', `${options.clientKey} does not match ${options.clientCert}`);
  }
  return { certificatePem: certificate.toString('utf8'), keyPem: await exportPrivateKeyPem(key) };
}

/** The command's handler: the work, then its rendering. */
export const deviceStatusHandler = present(deviceStatus, deviceStatusText, deviceStatusJson);
