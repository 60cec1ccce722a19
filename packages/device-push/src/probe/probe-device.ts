// `device probe`: one device, read-only. It asks what a push relies on and reports how this firmware
// answers — status value types, an empty resource, the forbidden status, the context list, the ini's table
// format, the TLS contexts in use, the clock, NTP, HA, the account's level — and which simulator firmware
// profiles agree, so a push can be rehearsed against the right one first. It never sends a change.
import { X509Certificate } from 'node:crypto';
import type { DeviceClient } from '../client/device-client.js';
import { deviceClock, readHaState } from '../client/status-values.js';
import { reportedError, type ReportedError } from '../fleet/device-report.js';
import { readIniParameters, readTlsContextTable } from '../profiles/ini-values.js';
import { pemFingerprints } from '../profiles/pem.js';
import { type ContextUse, contextsInUse } from '../profiles/tls-contexts.js';
import { matchingFirmware, type ObservableAnswers, UNOBSERVABLE } from './firmware-signatures.js';

/** What `device probe` learnt about one device, read-only. */
export interface ProbeReport {
  name: string;
  served?: {
    fingerprint: string;
    subject: string;
    issuer: string;
    selfSigned: boolean;
    /** RSA modulus or EC curve size. */
    keyBits?: number | undefined;
    protocol: string | null;
    trusted: boolean;
  };
  status?: {
    productType?: string | undefined;
    versionID?: string | undefined;
    /** How the firmware writes saveNeeded/resetNeeded: `string` ("true"/"false"), `boolean`, or something else. */
    flagType: string;
    highAvailability?: string | undefined;
    ha: 'standalone' | 'pair' | 'unknown';
  };
  clock?: { device?: string | undefined; skewSeconds?: number | undefined };
  ntpServer?: string | undefined;
  /** The account: `administrator` (reads /files) or `monitor` (refused with `forbiddenStatus`). */
  privilege?: { level: 'administrator' | 'monitor'; forbiddenStatus?: number | undefined };
  tlsContexts?: (ContextUse & { roots?: number | undefined; hasCertificate?: boolean | undefined })[];
  /** The open items (docs/device-simulator.md) this device answered, by name. */
  observed: Partial<ObservableAnswers>;
  /** Simulator firmware profiles that agree with every observed answer. */
  matches: string[];
  /** Behaviours only a change would reveal: rehearse against each side (`--open-item`) before a fleet run. */
  unobservable: readonly string[];
  errors: ReportedError[];
}

/** Probes one device; never throws for what the device answers (errors go in the report). */
export async function probeDevice(client: DeviceClient, options: { now?: () => Date } = {}): Promise<ProbeReport> {
  const report: ProbeReport = {
    name: client.name,
    observed: {},
    matches: [],
    unobservable: UNOBSERVABLE,
    errors: [],
  };
  const step = async (what: () => Promise<void>) => {
    try {
      await what();
    } catch (error) {
      report.errors.push(reportedError(error));
    }
  };
  await step(async () => {
    const served = await client.servedCertificate();
    const certificate = new X509Certificate(served.der);
    const details = certificate.publicKey.asymmetricKeyDetails;
    report.served = {
      fingerprint: served.fingerprint,
      subject: certificate.subject.replaceAll('\n', ', '),
      issuer: certificate.issuer.replaceAll('\n', ', '),
      selfSigned: certificate.subject === certificate.issuer && certificate.verify(certificate.publicKey),
      keyBits: details?.modulusLength ?? curveBits(details?.namedCurve),
      protocol: served.protocol,
      trusted: served.trusted,
    };
  });
  await step(() => readStatus(client, report, options.now ?? (() => new Date())));
  if (report.errors.some((error) => error.code === 'ERR_DEVICE_UNAUTHORIZED')) return finish(report);
  await step(() => readConfiguration(client, report));
  return finish(report);
}

async function readStatus(client: DeviceClient, report: ProbeReport, now: () => Date): Promise<void> {
  const { status, dateHeader } = await client.readStatus();
  const flagType = typeof status.saveNeeded;
  report.status = {
    productType: text(status.productType),
    versionID: text(status.versionID),
    flagType,
    highAvailability: text(status.highAvailability),
    ha: readHaState(status.highAvailability),
  };
  if (flagType === 'string') report.observed.statusValues = 'strings';
  else if (flagType === 'boolean') report.observed.statusValues = 'booleans';
  const clock = deviceClock(status, dateHeader);
  report.clock =
    clock === undefined
      ? {}
      : { device: clock.toISOString(), skewSeconds: Math.round((clock.getTime() - now().getTime()) / 1000) };
}

async function readConfiguration(client: DeviceClient, report: ProbeReport): Promise<void> {
  const ini = await client.inspect('/api/v1/files/ini');
  if (ini.status === 403 || ini.status === 405) {
    report.privilege = { level: 'monitor', forbiddenStatus: ini.status };
    report.observed.forbiddenStatus = ini.status;
    return;
  }
  report.privilege = { level: 'administrator' };
  const text = ini.body.toString('utf8');
  report.ntpServer = readIniParameters(text, ['NTPServerIP']).NTPServerIP ?? '';
  report.observed.iniTableFormat = /FORMAT\s+TLSContexts_Index/i.test(text) ? 'prefixed' : 'index';
  const contexts = contextsInUse(text);
  const qoeOwn = contexts.some((context) => context.id !== 0 && context.links.includes('QoE to OVOC'));
  report.observed.qoeTlsContext = qoeOwn ? 'own' : 'default';
  const list = await client.inspect('/api/v1/files/tls');
  if (list.status === 404) report.observed.tlsContextList = 'not-found';
  else if (list.status === 200) report.observed.tlsContextList = 'supported';
  const ids = readTlsContextTable(text).length > 0 ? contexts : [{ id: 0, name: 'default', links: [] }];
  report.tlsContexts = [];
  for (const context of ids) {
    const roots = await client.inspect(`/api/v1/files/tls/${context.id}/trustedRoot`);
    const certificate = await client.inspect(`/api/v1/files/tls/${context.id}/certificate`);
    report.tlsContexts.push({
      ...context,
      roots: roots.status === 200 ? pemFingerprints(roots.body.toString('utf8')).length : 0,
      hasCertificate: certificate.status === 200 && certificate.body.length > 0,
    });
    // An empty store tells how this firmware answers a resource with no content.
    if (report.observed.emptyResource === undefined) {
      if (roots.status === 400) report.observed.emptyResource = 400;
      else if (roots.status === 200 && roots.body.length === 0) report.observed.emptyResource = 200;
    }
  }
}

function finish(report: ProbeReport): ProbeReport {
  report.matches = matchingFirmware(report.observed);
  return report;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function curveBits(curve: string | undefined): number | undefined {
  return { prime256v1: 256, secp384r1: 384, secp521r1: 521 }[curve ?? ''];
}
