import { type ProbeReport, probeDevice } from '@certwright/device-push';
import { usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { DeviceProbeOptions } from '../../commands/device/probe.js';
import { type Compute, present } from '../../render/present.js';
import { deviceClients, readInventory } from './device-access.js';
import { fingerprintText } from '../../render/fingerprint.js';

export type { DeviceProbeOptions };

/** How the device answered (the --json fields, docs/cli.md). */
export interface DeviceProbeResult {
  device: ProbeReport;
}

/**
 * Probes one device, read-only: what its firmware answers where a push depends on the answer, and the
 * simulator profiles that agree. Exit 0 when every question was answered, 4 otherwise.
 */
export const deviceProbe: Compute<DeviceProbeOptions, DeviceProbeResult> = async (options, io, talk) => {
  const output = talk;
  const entries = await readInventory(options, io, output);
  if (entries.length !== 1) {
    throw usageError(`${options.inventory} lists ${entries.length} devices: name one with --device`, 'device');
  }
  const entry = entries[0] as (typeof entries)[number];
  const clientFor = await deviceClients(options, entries, io, output);
  const client = await clientFor(entry);
  const report = await probeDevice(client, { now: () => io.now() }).finally(() => client.close());
  return talk.outcome(report.errors.length === 0 ? ExitCode.ok : ExitCode.deviceOrNetwork, { device: report });
};

/** What the firmware answered, line by line, and the simulator profiles that agree. */
export function deviceProbeText(result: DeviceProbeResult): string {
  return render(result.device);
}

function render(report: ProbeReport): string {
  const lines = [`${report.name}:`];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined) lines.push(`  ${label.padEnd(22)}${value}`);
  };
  const served = report.served;
  if (served) {
    add('serves', `${served.subject} (SHA-256 ${fingerprintText(served.fingerprint)})`);
    add(
      '',
      `${served.selfSigned ? 'self-signed' : `issued by ${served.issuer}`}, ${served.keyBits ?? '?'}-bit key, ${served.protocol ?? '?'}, ${served.trusted ? 'trusted' : 'NOT trusted by --ca-file or pin'}`,
    );
  }
  const status = report.status;
  if (status) {
    add('firmware', `${status.productType ?? '?'} ${status.versionID ?? '?'}`);
    add('status flags', `${status.flagType} (saveNeeded, resetNeeded)`);
    add('high availability', `${status.highAvailability ?? 'not reported'} (${status.ha})`);
  }
  if (report.clock)
    add(
      'clock',
      report.clock.device === undefined
        ? 'not reported'
        : `${report.clock.device} (${report.clock.skewSeconds} s from ours)`,
    );
  add('NTP server', report.ntpServer === undefined ? undefined : report.ntpServer || 'none configured');
  if (report.privilege) {
    add(
      'account',
      report.privilege.level === 'monitor'
        ? `monitor: /files answers ${report.privilege.forbiddenStatus}`
        : 'Administrator or higher',
    );
  }
  for (const context of report.tlsContexts ?? []) {
    add(
      `TLS context ${context.id}`,
      `${context.name}: ${context.links.join('; ') || 'no link named in the ini'}; ${context.roots ?? 0} root(s)${context.hasCertificate ? '' : ', no certificate'}`,
    );
  }
  const observed = Object.entries(report.observed).map(([item, value]) => `${item}=${value}`);
  add('answers', observed.join(', ') || 'none observed');
  add(
    'matches',
    report.matches.length > 0 ? `simulator firmware ${report.matches.join(', ')}` : 'no simulator firmware: report it',
  );
  add(
    'not observable',
    `${report.unobservable.join(', ')} (only a change shows them: rehearse both sides with --open-item)`,
  );
  for (const error of report.errors) lines.push(`  error: ${error.code} ${error.message}`);
  return `${lines.join('\n')}\n`;
}

/** The command's handler: the work, then its rendering. */
export const deviceProbeHandler = present(deviceProbe, deviceProbeText);
