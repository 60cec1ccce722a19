import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { assertKeyMatchesCertificate, exportPrivateKeyPem, type PrivateKey, readPrivateKey } from '@certwright/core';
import {
  assertDevicesTakeKey,
  assertProfileTakesKey,
  type InventoryEntry,
  type Mp1xxBoardFiles,
  mp1xxBoardFiles,
  type ProvisionReport,
  preparePushMaterial,
  probeServedCertificates,
  type ServedProbe,
  resolveTargets,
  startProvisionServer,
} from '@certwright/device-push';
import { usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import {
  assertWritable,
  ensureDirectory,
  PRIVATE_MODE,
  PUBLIC_MODE,
  readUserFile,
  removeFiles,
  writeFileAtomic,
  writeFilesAtomic,
} from '../../io/files.js';
import { withInterruptCleanup } from '../../io/interrupt.js';
import type { Io } from '../../io/io.js';
import { yamlText } from '../../io/yaml-text.js';
import { readSecret } from '../../io/secrets.js';
import type { DeviceProvisionOptions } from '../../commands/device/provision.js';
import type { Progress } from '../../render/outcome.js';
import { type Compute, present } from '../../render/present.js';
import { readKeyFile } from '../shared/key-passphrase.js';
import { readInventoryFile } from './inventory-file.js';

export type { DeviceProvisionOptions };

/** The bundle written for manual upload (the --json fields, docs/devices.md). */
export interface ProvisionBundle {
  mode: 'bundle';
  dir: string;
  files: { name: string; mode: '0600' | '0644' }[];
  devices: string[];
}

/** What the endpoint served, and what each device serves on a new connection afterwards. */
export type ProvisionServed = ProvisionReport & { served: ServedProbe[] };

/** What `device provision` did: a bundle, or a run of the endpoint. */
export type DeviceProvisionResult = ProvisionBundle | ProvisionServed;

/**
 * MP-1xx provisioning: the incremental ini (verification on, ServerRespondTimeout, QoE over TLS, the
 * file URLs and the key's passphrase) with the board files, written as a bundle for manual upload or
 * served once from a short-lived HTTPS endpoint the devices' Automatic Update polls. An EC key is refused
 * first (MP-1xx takes RSA only), before anything is written or served.
 */
export const deviceProvision: Compute<DeviceProvisionOptions, DeviceProvisionResult> = async (options, io, talk) => {
  const output = talk;
  assertOneMode(options);
  const devices = options.inventory === undefined ? [] : await mp1xxDevices(options.inventory, io);
  const key = await readKeyFile(options.key, options.passphrase, io, output);
  assertMp1xxTakesKey(key, devices);
  // Pre-flight: the key matches the certificate and the certificate chains to the root.
  const material = await preparePushMaterial({
    certificate: await readUserFile(io.cwd, options.cert),
    key,
    roots: await readUserFile(io.cwd, options.root),
    at: io.now(),
  });
  const board = await mp1xxBoardFiles({
    certificatePem: material.certificatePem,
    key,
    rootPem: material.rootPems.join(''),
    qoeTls: options.qoeTls,
    at: io.now(),
  });
  if (options.bundleDir !== undefined) {
    return talk.outcome(ExitCode.ok, await writeBundle(options.bundleDir, board, devices, options, io, output));
  }
  const served = await serve(devices, board, options, io, output);
  const complete = served.devices.filter((device) => device.complete).length;
  const exitCode =
    complete === served.devices.length
      ? ExitCode.ok
      : complete === 0
        ? ExitCode.deviceOrNetwork
        : ExitCode.partialFleet;
  return talk.outcome(exitCode, served);
};

function assertOneMode(options: DeviceProvisionOptions): void {
  if ((options.bundleDir === undefined) === !options.serve) {
    throw usageError('give exactly one of --bundle-dir DIR and --serve');
  }
  if (!options.serve) return;
  const missing = (['inventory', 'listen', 'tlsCert', 'tlsKey', 'credentialsOut'] as const).filter(
    (name) => options[name] === undefined,
  );
  if (missing.length > 0) {
    const flags = missing.map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw usageError(`--serve needs ${flags.join(', ')}`);
  }
}

async function mp1xxDevices(path: string, io: Io): Promise<InventoryEntry[]> {
  const entries = await readInventoryFile(path, io, { allowPlaintextPasswords: true });
  const devices = entries.filter((entry) => entry.profile === 'mp1xx');
  if (devices.length === 0) throw usageError(`${path}: no device with profile mp1xx`);
  return devices;
}

/**
 * MP-1xx gateways take RSA keys only (an assumption, docs/devices.md): an EC board key is refused here,
 * before anything is written or served, as `device files --inventory` refuses it. Without an inventory
 * the bundle is still for MP-1xx gateways, so the family is named instead of a device.
 */
function assertMp1xxTakesKey(key: PrivateKey, devices: readonly InventoryEntry[]): void {
  if (devices.length > 0) assertDevicesTakeKey(key, devices);
  else assertProfileTakesKey(key, 'mp1xx');
}

async function writeBundle(
  dir: string,
  board: Mp1xxBoardFiles,
  devices: InventoryEntry[],
  options: DeviceProvisionOptions,
  io: Io,
  output: Progress,
): Promise<ProvisionBundle> {
  const writes = board.files.map((file) => ({
    path: join(dir, file.name),
    data: file.data,
    mode: file.secret ? PRIVATE_MODE : PUBLIC_MODE,
  }));
  await assertWritable(
    io.cwd,
    writes.map((write) => write.path),
    options.force,
  );
  await ensureDirectory(io.cwd, dir, 0o700);
  await writeFilesAtomic(io.cwd, writes, options.force);
  output.note(`wrote the MP-1xx bundle to ${dir}: ${board.files.map((file) => file.name).join(', ')}`);
  output.note(
    `${board.files[0]?.name} holds the key's passphrase (TLSPkeyPassphrase): it and board_pkey.pem are mode 0600; upload the ini with the files`,
  );
  return {
    mode: 'bundle',
    dir,
    files: board.files.map((file) => ({ name: file.name, mode: file.secret ? '0600' : '0644' })),
    devices: devices.map((device) => device.name),
  };
}

async function serve(
  devices: InventoryEntry[],
  board: Mp1xxBoardFiles,
  options: DeviceProvisionOptions,
  io: Io,
  output: Progress,
): Promise<ProvisionServed> {
  const credentialsOut = options.credentialsOut as string;
  await assertWritable(io.cwd, [credentialsOut, ...(options.report ? [options.report] : [])], options.force);
  const { host, port } = parseListen(options.listen as string);
  const publicHost = options.publicHost ?? host;
  if (isUnspecified(publicHost))
    throw usageError('--listen on all interfaces needs --public-host (the address devices use)');
  const tls = await readTlsIdentity(options, io, output);
  const credentials = { username: 'certwright', password: randomBytes(24).toString('base64url') };
  const server = await startProvisionServer({
    targets: await resolveTargets(devices),
    board,
    tls,
    credentials,
    host,
    port,
    publicHost,
    now: io.now,
  });
  const until = new Date(io.now().getTime() + options.timeout * 1000);
  // The password dies with the endpoint, so its file goes too: when the run ends and on Ctrl-C. The
  // handler is in place before the file is written: a Ctrl-C the moment it appears must remove it.
  const removeCredentials = () => removeFiles(io.cwd, [credentialsOut]);
  const report = await withInterruptCleanup(
    async () => {
      await server.close();
      await removeCredentials();
    },
    async () => {
      try {
        await writeCredentials(credentialsOut, credentials, devices, (name) => server.iniUrl(name), until, options, io);
      } catch (error) {
        await server.close();
        throw error;
      }
      output.note(
        `serving ${devices.length} MP-1xx device(s) at ${server.url} until each fetched its files or ${until.toISOString()}`,
      );
      output.note(`credentials and each device's IniFileURL: ${credentialsOut} (mode 0600)`);
      warnLongUrls(devices, server, output);
      return server.wait(options.timeout * 1000);
    },
  );
  await removeCredentials();
  output.note(`removed ${credentialsOut}: the endpoint has stopped and its password with it`);
  // The endpoint saw the fetches; the devices' own listeners show whether the files were applied.
  const probes = await probeServedCertificates(devices, fingerprintOf(board));
  const served = { ...report, served: probes };
  if (options.report !== undefined) {
    await writeFileAtomic(
      io.cwd,
      { path: options.report, data: `${JSON.stringify(served, null, 2)}\n`, mode: PUBLIC_MODE },
      options.force,
    );
  }
  return served;
}

/** Older MP-1xx firmware takes URLs of 99 characters at most (254 in the MIB): say which would be cut. */
const MAX_URL_LENGTH = 99;

function warnLongUrls(
  devices: readonly { name: string }[],
  server: { urls(name: string): string[] },
  output: Progress,
): void {
  for (const device of devices) {
    const longest = Math.max(...server.urls(device.name).map((url) => url.length));
    if (longest > MAX_URL_LENGTH) {
      output.warn(
        'WARN_DEVICE_URL_LENGTH',
        `${device.name}: its URLs run to ${longest} characters; older MP-1xx firmware takes ${MAX_URL_LENGTH} (use a shorter --public-host or device name)`,
      );
    }
  }
}

async function readTlsIdentity(
  options: DeviceProvisionOptions,
  io: Io,
  output: Progress,
): Promise<{ certificatePem: string; keyPem: string }> {
  const path = options.tlsKey as string;
  const result = await readPrivateKey(await readUserFile(io.cwd, path), {
    source: path,
    passphrase: () =>
      readSecret(
        options.tlsKeyPassphrase,
        { flag: 'tls-key-passphrase', purpose: `passphrase for ${path}`, confirm: false },
        io,
      ),
  });
  for (const warning of result.warnings) output.warn(warning.code, `${path}: ${warning.message}`);
  const certificate = await readUserFile(io.cwd, options.tlsCert as string);
  await assertKeyMatchesCertificate(result.key, certificate, { source: options.tlsCert });
  return { certificatePem: Buffer.from(certificate).toString('utf8'), keyPem: await keyPem(result.key) };
}

// The endpoint's key goes to Node's TLS in memory only; it is never written anywhere.
function keyPem(key: PrivateKey): Promise<string> {
  return exportPrivateKeyPem(key);
}

async function writeCredentials(
  path: string,
  credentials: { username: string; password: string },
  devices: InventoryEntry[],
  iniUrl: (name: string) => string,
  until: Date,
  options: DeviceProvisionOptions,
  io: Io,
): Promise<void> {
  const text = [
    '# certwright device provision: Automatic Update credentials for this run only (Basic or Digest)',
    `# valid until the endpoint stops, at the latest ${until.toISOString()}`,
    yamlText({
      username: credentials.username,
      password: credentials.password,
      devices: Object.fromEntries(devices.map((device) => [device.name, { IniFileURL: iniUrl(device.name) }])),
    }),
  ].join('\n');
  await writeFileAtomic(io.cwd, { path, data: text, mode: PRIVATE_MODE }, options.force);
}

/** The bundle's files, or a line per device: what it fetched, when it was complete, whether it serves the certificate. */
export function deviceProvisionText(result: DeviceProvisionResult): string {
  if ('mode' in result) return result.files.map((file) => join(result.dir, file.name)).join('\n');
  const report = result;
  const complete = report.devices.filter((device) => device.complete).length;
  const width = Math.max(6, ...report.devices.map((device) => device.name.length));
  const lines = [`${'DEVICE'.padEnd(width)}  ${'FETCHED'.padEnd(35)}  ${'COMPLETE AT'.padEnd(24)}  BOARD CERTIFICATE`];
  for (const device of report.devices) {
    const fetched = (['ini', 'certificate', 'privateKey', 'root'] as const)
      .map((role) => (device.fetched[role] ? role : '-'))
      .join(' ');
    const probe = report.served.find((served) => served.name === device.name);
    const serving = probe?.servesBoardCertificate ? 'serves it' : probe?.error ? 'unreachable' : 'not yet';
    lines.push(
      `${device.name.padEnd(width)}  ${fetched.padEnd(35)}  ${(device.completedAt ?? 'incomplete').padEnd(24)}  ${serving}`,
    );
  }
  lines.push('', `${complete} of ${report.devices.length} device(s) fetched every file (${report.outcome})`);
  const serving = report.served.filter((probe) => probe.servesBoardCertificate).length;
  lines.push(`${serving} of ${report.devices.length} device(s) serve the board certificate on a new connection now`);
  if (report.refused.length > 0) lines.push(`${report.refused.length} request(s) refused (see the JSON report)`);
  return lines.join('\n');
}

function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (host === undefined || isIP(host) === 0 || !(port >= 0 && port <= 65535)) {
    throw usageError(`--listen ${text}: expected ADDRESS:PORT, e.g. 127.0.0.1:8443 or [::1]:8443`, 'listen');
  }
  return { host, port };
}

function isUnspecified(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** SHA-256 (hex) of the board certificate as served to devices. */
function fingerprintOf(board: Mp1xxBoardFiles): string {
  const pem = board.files.find((file) => file.role === 'certificate')?.data ?? '';
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
}

/** The command's handler: the work, then its rendering. */
export const deviceProvisionHandler = present(deviceProvision, deviceProvisionText);
