// `certwright-device-sim` argv → SimulatorOptions. Parsing only: reading a users file is the caller's job.
import { parseArgs } from 'node:util';
import { FIRMWARE_NAMES, FIRMWARES } from './firmware.js';
import { inventoryFileFormat } from './inventory-file.js';
import { TLS_VERSIONS } from './tls-versions.js';
import type {
  FaultSettings,
  FirmwareName,
  OpenItemSettings,
  SimulatorOptions,
  SimulatorUser,
  TlsVersion,
  UserLevel,
} from './types.js';

export const USAGE = `Usage: certwright-device-sim [options]

Runs simulated AudioCodes devices (HTTPS on loopback) until SIGINT/SIGTERM. Prints one JSON line when ready:
{"ready":true,"factoryCaFile":"…","inventory":{"file":"…","caFile":"…"},"devices":[{"name":"device-0","url":"https://127.0.0.1:8443","port":8443,"fingerprint":"…"}]}
("inventory" only with --state-dir or --write-inventory)

Options:
  --devices N               how many devices (default 1); device i listens on port P+i
  --port P                  first port (default 0: each device picks a free port)
  --host H                  127.0.0.1 (default) or ::1
  --profile mediant|mp1xx   device family (default mediant, or the firmware's)
  --firmware NAME           a firmware's answers to the open items: ${FIRMWARE_NAMES.join(', ')}
  --user name:password:level    a device user (repeatable; level monitor, admin or security-admin)
  --users-file F            device users, one name:password:level a line (keeps passwords out of argv)
  --state-dir DIR           keeps saved configuration across restarts; each device's real state in DIR/<name>/state.json;
                            DIR/devices.csv is an inventory of the running devices, DIR/factory-ca.pem its --ca-file
  --write-inventory FILE    an inventory of the running devices in FILE (.csv or .json), its CA file beside it
                            (devices.csv: devices-ca.pem); an existing file is kept unless --force
  --force                   --write-inventory may replace existing files
  --latency MS              delay before every REST answer
  --drop-rate R             probability (0-1) a REST request's connection is dropped unanswered
  --error-rate R            probability of a 500
  --conflict-rate R         probability of a 409 (HA synchronisation)
  --reset-after N           reset (without save) after answering the Nth REST request of each device
  --power-loss-after N      power loss after applying, before answering, the Nth REST request
  --reset-downtime MS       how long a reset keeps a device unreachable (default 200)
  --seed N                  seed for every fault draw (default 1)
  --open-item key=value     an open item's answer (repeatable), e.g. tlsFilesOnReset=persist-at-once
  --ha-sync                 every device starts in an HA synchronisation window (409)
  --ha-pair                 every device is an HA pair: saves reach the redundant unit after a sync window, a reset switches over
  --ha-sync-ms MS           length of an HA pair's synchronisation window (default 1000)
  --clock-offset MS         the devices' clocks run this far ahead (negative: behind)
  --ntp-server ADDRESS      NTPServerIP the devices start with (default 192.0.2.123; '' for none)
  --tls-versions LIST       TLS versions the devices accept, e.g. 1.0,1.1,1.2,1.3 (default 1.2,1.3)
  --factory-certificate     each device starts with a self-signed RSA-1024/SHA-1 certificate for ACL_<serial>
  --help                    this text

Default user: Admin / Admin (security-admin), as devices ship; a warning says so.

EXAMPLES
  certwright-device-sim --devices 3 --port 8443
  certwright-device-sim --devices 3 --write-inventory devices.csv
    then: certwright device status --inventory devices.csv --ca-file devices-ca.pem --password-file admin-pass.txt
  certwright-device-sim --devices 50 --users-file lab-users --state-dir sim-state --open-item tlsFilesOnReset=persist-at-once
  certwright-device-sim --devices 200 --drop-rate 0.05 --conflict-rate 0.1 --seed 7
  certwright-device-sim --profile mp1xx --devices 2
  certwright-device-sim --devices 4 --tls-versions 1.0,1.1,1.2 --factory-certificate

EXIT CODES
  0 stopped by SIGINT/SIGTERM   2 usage error   70 internal error
`;

export class UsageError extends Error {}

export interface SimCliOptions {
  simulator: SimulatorOptions;
  usersFile?: string;
  /** An inventory of the running devices goes there (its CA file beside it). */
  writeInventory?: string;
  /** --write-inventory may replace existing files. */
  force: boolean;
  help: boolean;
}

const LEVELS: UserLevel[] = ['monitor', 'admin', 'security-admin'];

const OPEN_ITEM_VALUES: { [K in keyof OpenItemSettings]-?: readonly string[] } = {
  tlsFilesOnReset: ['revert-unless-saved', 'persist-at-once'],
  certificateKeyMismatch: ['refuse', 'accept'],
  privateKeyPassword: ['query', 'form-field'],
  tlsContextList: ['supported', 'not-found'],
  forbiddenStatus: ['403', '405'],
  iniTableFormat: ['index', 'prefixed'],
  certificateEffective: ['immediately', 'after-save', 'after-reset'],
  iniUnlisted: ['keep', 'reset'],
  statusValues: ['strings', 'booleans'],
  emptyResource: ['400', '200'],
  privateKeyFormat: ['any', 'pkcs1-only'],
  chainUpload: ['accept', 'refuse'],
  keyGeneration: ['fast', 'slow'],
  lockout: ['user', 'ip'],
  qoeTlsContext: ['default', 'own'],
  autoUpdateApply: ['save', 'save-and-reset'],
  privateKeyTypes: ['rsa-and-ec', 'rsa-only'],
};

/** Open items whose values are numbers. */
const NUMERIC_ITEMS = new Set(['forbiddenStatus', 'emptyResource']);

export function parseSimArgs(argv: string[]): SimCliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  const faults: FaultSettings = {
    ...optionalNumber(values.latency, 'latency', 'latencyMs'),
    ...optionalRate(values['drop-rate'], 'drop-rate', 'dropRate'),
    ...optionalRate(values['error-rate'], 'error-rate', 'serverErrorRate'),
    ...optionalRate(values['conflict-rate'], 'conflict-rate', 'conflictRate'),
    ...optionalNumber(values['reset-after'], 'reset-after', 'resetAfterRequest', 1),
    ...optionalNumber(values['power-loss-after'], 'power-loss-after', 'powerLossAfterRequest', 1),
    ...optionalNumber(values['reset-downtime'], 'reset-downtime', 'resetDowntimeMs'),
  };
  const host = values.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== '::1') throw new UsageError('--host must be 127.0.0.1 or ::1 (loopback only)');
  const profile = values.profile;
  if (profile !== undefined && profile !== 'mediant' && profile !== 'mp1xx') {
    throw new UsageError('--profile must be mediant or mp1xx');
  }
  const firmware = values.firmware as FirmwareName | undefined;
  if (firmware !== undefined && !FIRMWARE_NAMES.includes(firmware)) {
    throw new UsageError(`--firmware must be one of ${FIRMWARE_NAMES.join(', ')}`);
  }
  if (firmware !== undefined && profile !== undefined && FIRMWARES[firmware].family !== profile) {
    throw new UsageError(
      `--firmware ${firmware} is for ${FIRMWARES[firmware].family} devices, not --profile ${profile}`,
    );
  }
  const simulator: SimulatorOptions = {
    devices: integer(values.devices ?? '1', 'devices', 1),
    port: integer(values.port ?? '0', 'port', 0),
    host,
    ...(profile === undefined ? {} : { profile }),
    ...(firmware === undefined ? {} : { firmware }),
    faults,
    seed: integer(values.seed ?? '1', 'seed', 0),
    haSynchronizing: values['ha-sync'] ?? false,
    openItems: parseOpenItems(values['open-item'] ?? []),
    ...(values['tls-versions'] === undefined ? {} : { tlsVersions: parseTlsVersions(values['tls-versions']) }),
    ...(values['factory-certificate'] ? { factoryCertificate: true } : {}),
    ...(values['ha-pair'] ? { haPair: true } : {}),
    ...(values['ha-sync-ms'] === undefined ? {} : { haSyncMs: integer(values['ha-sync-ms'], 'ha-sync-ms', 0) }),
    ...(values['clock-offset'] === undefined ? {} : { clockOffsetMs: signedInteger(values['clock-offset']) }),
    ...(values['ntp-server'] === undefined ? {} : { ntpServer: values['ntp-server'] }),
    ...(values['state-dir'] ? { stateDir: values['state-dir'] } : {}),
    ...(values.user ? { users: values.user.map(parseUser) } : {}),
  };
  if ((simulator.port ?? 0) + (simulator.devices ?? 1) - 1 > 65535)
    throw new UsageError('--port + --devices exceeds 65535');
  const writeInventory = values['write-inventory'];
  if (writeInventory !== undefined && inventoryFileFormat(writeInventory) === undefined) {
    throw new UsageError(`--write-inventory ${writeInventory}: the file name must end in .csv or .json`);
  }
  if (values.force && writeInventory === undefined) throw new UsageError('--force only goes with --write-inventory');
  return {
    simulator,
    help: values.help ?? false,
    force: values.force ?? false,
    ...(values['users-file'] ? { usersFile: values['users-file'] } : {}),
    ...(writeInventory === undefined ? {} : { writeInventory }),
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      devices: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      profile: { type: 'string' },
      user: { type: 'string', multiple: true },
      'users-file': { type: 'string' },
      'state-dir': { type: 'string' },
      latency: { type: 'string' },
      'drop-rate': { type: 'string' },
      'error-rate': { type: 'string' },
      'conflict-rate': { type: 'string' },
      'reset-after': { type: 'string' },
      'power-loss-after': { type: 'string' },
      'reset-downtime': { type: 'string' },
      seed: { type: 'string' },
      'open-item': { type: 'string', multiple: true },
      'ha-sync': { type: 'boolean' },
      'tls-versions': { type: 'string' },
      firmware: { type: 'string' },
      'ha-pair': { type: 'boolean' },
      'ha-sync-ms': { type: 'string' },
      'clock-offset': { type: 'string' },
      'ntp-server': { type: 'string' },
      'factory-certificate': { type: 'boolean' },
      'write-inventory': { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
}

/** `name:password:level`; the password may itself contain colons. */
export function parseUser(text: string): SimulatorUser {
  const first = text.indexOf(':');
  const last = text.lastIndexOf(':');
  const level = text.slice(last + 1) as UserLevel;
  if (first <= 0 || last === first || !LEVELS.includes(level)) {
    throw new UsageError(`a user is name:password:level with level ${LEVELS.join(', ')}`);
  }
  return { name: text.slice(0, first), password: text.slice(first + 1, last), level };
}

/** A users file: one user a line; blank lines and `#` comments skipped. */
export function parseUsersFile(text: string): SimulatorUser[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map(parseUser);
}

function parseOpenItems(items: string[]): Partial<OpenItemSettings> {
  const settings: Record<string, string | number> = {};
  for (const item of items) {
    const [key = '', value = ''] = item.split('=', 2);
    const allowed = OPEN_ITEM_VALUES[key as keyof OpenItemSettings];
    if (!allowed) throw new UsageError(`unknown open item ${key}; known: ${Object.keys(OPEN_ITEM_VALUES).join(', ')}`);
    if (!allowed.includes(value)) throw new UsageError(`--open-item ${key} must be one of ${allowed.join(', ')}`);
    settings[key] = NUMERIC_ITEMS.has(key) ? Number(value) : value;
  }
  return settings as Partial<OpenItemSettings>;
}

/** `1.0,1.2` → ['1.0', '1.2']: known versions only, each once. */
export function parseTlsVersions(text: string): TlsVersion[] {
  const versions = text.split(',').map((version) => version.trim());
  const unknown = versions.filter((version) => !TLS_VERSIONS.includes(version as TlsVersion));
  if (versions.length === 0 || unknown.length > 0) {
    throw new UsageError(`--tls-versions takes a comma-separated list of ${TLS_VERSIONS.join(', ')}`);
  }
  if (new Set(versions).size !== versions.length) throw new UsageError('--tls-versions names a version twice');
  return versions as TlsVersion[];
}

function signedInteger(text: string): number {
  if (!/^-?\d+$/.test(text)) throw new UsageError('--clock-offset must be a whole number of milliseconds');
  return Number(text);
}

function integer(text: string, name: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${name} must be an integer ≥ ${min}`);
  return Number(text);
}

function optionalNumber<K extends keyof FaultSettings>(text: string | undefined, name: string, key: K, min = 0) {
  return text === undefined ? {} : { [key]: integer(text, name, min) };
}

function optionalRate<K extends keyof FaultSettings>(text: string | undefined, name: string, key: K) {
  if (text === undefined) return {};
  const rate = Number(text);
  if (text.trim() === '' || !(rate >= 0 && rate <= 1)) throw new UsageError(`--${name} must be a number from 0 to 1`);
  return { [key]: rate };
}
