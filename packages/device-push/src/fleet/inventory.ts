import { isAbsolute, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DeviceError } from '../client/errors.js';
import { normalizeFingerprint } from '../client/tls-trust.js';
import { detectDelimiter, parseCsv, UnterminatedQuoteError } from './csv.js';
import { decodeInventoryText } from './inventory-text.js';

/** One device of an inventory. The password itself is never stored here unless the file held it (allowed explicitly). */
export interface InventoryEntry {
  name: string;
  host: string;
  port: number;
  profile: 'mediant' | 'mp1xx';
  protocol: 'https' | 'http';
  tlsContext: number;
  username: string;
  pinSha256?: string | undefined;
  /** What the inventory says the device runs (informational: the client is right on every firmware). */
  firmware?: string | undefined;
  /** The device reaches OVOC through NAT: mutual authentication is not supported there. */
  behindNat?: boolean | undefined;
  passwordEnv?: string | undefined;
  /** As written in the inventory, or resolved against InventoryOptions.baseDir when that is given. */
  passwordFile?: string | undefined;
  /** Only with allowPlaintextPasswords. */
  password?: string | undefined;
}

/** Options of parseInventory: plaintext passwords allowed or not, the default TLS context, a name for messages. */
export interface InventoryOptions {
  /** Accept a `password` field (the caller warns). */
  allowPlaintextPasswords?: boolean;
  /** tls_context for rows without one. */
  defaultTlsContext?: number;
  /** A name for messages, usually the file name. */
  source?: string;
  /**
   * The folder relative paths in the inventory (password_file) are relative to: the inventory file's
   * own folder (`dirname` of its path), so the inventory means the same from any working directory.
   * Joined, not resolved: a relative folder gives paths relative to the same place. Unset: as written.
   */
  baseDir?: string;
}

/** The inventory formats parseInventory reads. */
export type InventoryFormat = 'csv' | 'json' | 'yaml';

const FIELDS = new Set([
  'name',
  'host',
  'port',
  'profile',
  'protocol',
  'tls_context',
  'username',
  'pin_sha256',
  'firmware',
  'behind_nat',
  'password_env',
  'password_file',
  'password',
]);

/** The format from the file name: .csv, .json, .yaml/.yml. */
export function inventoryFormat(path: string): InventoryFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.csv')) return 'csv';
  throw inventoryError(path, 'inventory file name must end in .csv, .json, .yaml or .yml');
}

/**
 * Parses an inventory: CSV with a header row, a JSON array (or `{ "devices": [...] }`), or the same in
 * YAML. Unknown fields are refused (a typo must not silently drop a pin). Names must be unique.
 * Given bytes, it reads UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark;
 * CSV may be separated by commas, semicolons or tabs (found from the header row).
 *
 * @example
 * ```ts
 * const path = 'fleet/devices.csv';
 * const devices = parseInventory(await readFile(path), inventoryFormat(path), { source: path, baseDir: dirname(path) });
 * ```
 */
export function parseInventory(
  input: string | Uint8Array,
  format: InventoryFormat,
  options: InventoryOptions = {},
): InventoryEntry[] {
  const source = options.source ?? 'inventory';
  const text = typeof input === 'string' ? input : inventoryText(input, source);
  const records = format === 'csv' ? csvRecords(text, source) : structuredRecords(text, format, source);
  const names = new Set<string>();
  return records.map((record, index) => {
    const entry = toEntry(record, `${source} row ${index + 1}`, options);
    if (names.has(entry.name)) throw inventoryError(source, `device name "${entry.name}" appears twice`);
    names.add(entry.name);
    return entry;
  });
}

function inventoryText(bytes: Uint8Array, source: string): string {
  try {
    return decodeInventoryText(bytes);
  } catch (error) {
    throw inventoryError(source, (error as Error).message);
  }
}

function csvRecords(text: string, source: string): Record<string, unknown>[] {
  let parsed: string[][];
  try {
    parsed = parseCsv(text, detectDelimiter(text));
  } catch (error) {
    if (error instanceof UnterminatedQuoteError) throw inventoryError(source, error.message);
    throw error;
  }
  const [header, ...rows] = parsed;
  if (header === undefined) return [];
  const columns = header.map((column) => column.trim().toLowerCase());
  return rows.map((cells, index) => {
    if (cells.length > columns.length) throw inventoryError(source, `row ${index + 1} has more cells than the header`);
    const record: Record<string, unknown> = {};
    columns.forEach((column, position) => {
      const value = cells[position]?.trim();
      if (value !== undefined && value !== '') record[column] = value;
    });
    return record;
  });
}

function structuredRecords(text: string, format: 'json' | 'yaml', source: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw inventoryError(source, `not valid ${format.toUpperCase()} (${(error as Error).message.split('\n')[0]})`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { devices?: unknown } | null)?.devices;
  if (!Array.isArray(list)) throw inventoryError(source, 'expected a list of devices (or { devices: [...] })');
  return list.map((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw inventoryError(source, `device ${index + 1} is not an object`);
    }
    return item as Record<string, unknown>;
  });
}

function toEntry(record: Record<string, unknown>, where: string, options: InventoryOptions): InventoryEntry {
  for (const field of Object.keys(record)) {
    if (!FIELDS.has(field)) throw inventoryError(where, `unknown field "${field}"`);
  }
  const text = (field: string): string | undefined => {
    const value = record[field];
    if (value === undefined || value === null || value === '') return undefined;
    // Numbers are fine for a port or a context; objects, lists and booleans are never a value here.
    if (typeof value !== 'string' && typeof value !== 'number') throw inventoryError(where, `${field} must be text`);
    return String(value).trim();
  };
  const host = text('host');
  if (host === undefined) throw inventoryError(where, 'host is missing');
  const name = text('name') ?? host;
  const username = text('username');
  if (username === undefined) throw inventoryError(where, 'username is missing');
  const protocol = text('protocol') ?? 'https';
  if (protocol !== 'https' && protocol !== 'http') throw inventoryError(where, 'protocol must be https or http');
  const port = wholeNumber(text('port') ?? (protocol === 'https' ? '443' : '80'), 'port', where, 1, 65535);
  const profile = text('profile') ?? 'mediant';
  if (profile !== 'mediant' && profile !== 'mp1xx') throw inventoryError(where, 'profile must be mediant or mp1xx');
  const tlsContext = wholeNumber(
    text('tls_context') ?? String(options.defaultTlsContext ?? 0),
    'tls_context',
    where,
    0,
    255,
  );
  // Only a string: a YAML number loses leading zeros, and an object must never be turned into text.
  const rawPassword = record.password;
  if (rawPassword !== undefined && typeof rawPassword !== 'string') {
    throw inventoryError(where, 'password must be text (quote it in YAML or JSON)');
  }
  const password = rawPassword;
  if (password !== undefined && !options.allowPlaintextPasswords) {
    throw inventoryError(
      where,
      'a password field needs --allow-plaintext-passwords (use password_env or password_file)',
    );
  }
  const passwordEnv = text('password_env');
  const writtenPasswordFile = text('password_file');
  const passwordFile =
    writtenPasswordFile === undefined || options.baseDir === undefined || isAbsolute(writtenPasswordFile)
      ? writtenPasswordFile
      : join(options.baseDir, writtenPasswordFile);
  if ([password, passwordEnv, passwordFile].filter((value) => value !== undefined).length > 1) {
    throw inventoryError(where, 'give only one of password, password_env and password_file');
  }
  const pin = text('pin_sha256');
  const behindNat = yesNo(record.behind_nat, 'behind_nat', where);
  return {
    name,
    host,
    port,
    profile,
    protocol,
    tlsContext,
    username,
    pinSha256: pin === undefined ? undefined : normalizeFingerprint(pin, name),
    firmware: text('firmware'),
    behindNat,
    passwordEnv,
    passwordFile,
    password,
  };
}

/** yes/no, true/false, 1/0 (any case; YAML and JSON booleans too); absent: false. */
function yesNo(value: unknown, field: string, where: string): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim().toLowerCase() : undefined;
  if (text === 'yes' || text === 'true' || text === '1') return true;
  if (text === 'no' || text === 'false' || text === '0') return false;
  throw inventoryError(where, `${field} must be yes or no`);
}

function wholeNumber(value: string, field: string, where: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw inventoryError(where, `${field} must be a whole number from ${min} to ${max}`);
  }
  return number;
}

function inventoryError(where: string, message: string): DeviceError {
  return new DeviceError('ERR_DEVICE_INVENTORY', message, { device: where });
}
