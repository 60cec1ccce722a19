import { isAbsolute, join } from 'node:path';
import { type ConfigFault, ConfigFields, configFieldProblem, configText, readConfigYaml } from '@certwright/core';
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

const FIELDS = [
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
] as const;
const PROTOCOLS = ['https', 'http'] as const;
const PROFILES = ['mediant', 'mp1xx'] as const;

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
  // A fault reads as in every config file (core's ConfigFields): `<file>: row N: <field>: <problem>`,
  // row N being the Nth device (the Nth row under a CSV header), text from the file escaped and cut.
  const source = options.source ?? 'inventory';
  const text = typeof input === 'string' ? input : inventoryText(input, source);
  const records = format === 'csv' ? csvRecords(text, source) : structuredRecords(text, format, source);
  const rows = new Map<string, number>();
  return records.map((record, index) => {
    const row = index + 1;
    const fields = ConfigFields.root(record, {
      source,
      numbersAsText: true,
      fail: (fault) => rowError(source, row, fault),
    });
    const entry = toEntry(fields, options);
    const first = rows.get(entry.name);
    if (first !== undefined) throw fields.error('name', `"${configText(entry.name)}" appears twice (row ${first} too)`);
    rows.set(entry.name, row);
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

function csvRecords(text: string, source: string): unknown[] {
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
    const row = index + 1;
    if (cells.length > columns.length) {
      throw rowError(source, row, { field: '', problem: `has ${cells.length} cells, the header ${columns.length}` });
    }
    // An empty cell is an absent field, as in a spreadsheet. No prototype: a column named
    // __proto__ is an ordinary (and refused) field.
    const record: Record<string, string> = Object.create(null);
    cells.forEach((cell, position) => {
      const value = cell.trim();
      const column = columns[position] as string;
      if (value === '') return;
      if (column === '') throw rowError(source, row, { field: '', problem: `cell ${position + 1} has no column name` });
      if (Object.hasOwn(record, column)) throw rowError(source, row, { field: column, problem: 'is given twice' });
      record[column] = value;
    });
    return record;
  });
}

function structuredRecords(text: string, format: 'json' | 'yaml', source: string): unknown[] {
  const document = format === 'json' ? readJson(text, source) : readYaml(text, source);
  if (Array.isArray(document)) return withoutEmptyTexts(document);
  if (document === null || typeof document !== 'object' || !Object.hasOwn(document, 'devices')) {
    throw inventoryError(source, 'expected a list of devices (or { devices: [...] })');
  }
  const top = ConfigFields.root(document, { source, fail: (fault) => fileError(source, fault) });
  const list = top.raw('devices');
  if (!Array.isArray(list)) throw top.error('devices', 'must be a list');
  top.done();
  return withoutEmptyTexts(list);
}

function readJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw inventoryError(source, `not valid JSON: ${configText((error as Error).message, 160)}`);
  }
}

function readYaml(text: string, source: string): unknown {
  return readConfigYaml(text, { source, fail: (fault) => fileError(source, fault) });
}

/** "" in JSON or YAML is an absent field, as an empty CSV cell is (tools export optional fields so). */
function withoutEmptyTexts(list: unknown[]): unknown[] {
  return list.map((item) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    // No prototype: a key named __proto__ stays an ordinary (and refused) field.
    const record: Record<string, unknown> = Object.create(null);
    for (const [key, value] of Object.entries(item)) if (value !== '') record[key] = value;
    return record;
  });
}

function toEntry(fields: ConfigFields, options: InventoryOptions): InventoryEntry {
  // Every field declared first: a misspelt pasword_env is named as unknown, not as something missing.
  fields.only(FIELDS);
  const text = (field: string): string | undefined => fields.optionalText(field, { oneLine: true })?.trim();
  const host = text('host');
  if (host === undefined) throw fields.missing('host');
  const name = text('name') ?? host;
  const username = text('username');
  if (username === undefined) throw fields.missing('username');
  const protocol = fields.choice('protocol', PROTOCOLS, 'https') ?? 'https';
  const port = fields.integer('port', { min: 1, max: 65535, fallback: protocol === 'https' ? 443 : 80 });
  const profile = fields.choice('profile', PROFILES, 'mediant') ?? 'mediant';
  const tlsContext = fields.integer('tls_context', { min: 0, max: 255, fallback: options.defaultTlsContext ?? 0 });
  // Only a string: a YAML number loses leading zeros, and an object must never be turned into text.
  const password = fields.raw('password');
  if (password !== undefined && typeof password !== 'string') {
    throw fields.error('password', 'must be text (quote it in YAML or JSON)');
  }
  if (password !== undefined && !options.allowPlaintextPasswords) {
    throw fields.error('password', 'needs --allow-plaintext-passwords (use password_env or password_file)');
  }
  const passwordEnv = text('password_env');
  const writtenPasswordFile = text('password_file');
  const passwordFile =
    writtenPasswordFile === undefined || options.baseDir === undefined || isAbsolute(writtenPasswordFile)
      ? writtenPasswordFile
      : join(options.baseDir, writtenPasswordFile);
  if ([password, passwordEnv, passwordFile].filter((value) => value !== undefined).length > 1) {
    throw fields.error('', 'give only one of password, password_env and password_file');
  }
  const pin = text('pin_sha256');
  return {
    name,
    host,
    port,
    profile,
    protocol,
    tlsContext,
    username,
    pinSha256: pin === undefined ? undefined : fingerprint(pin, fields),
    firmware: text('firmware'),
    behindNat: yesNo(fields, 'behind_nat'),
    passwordEnv,
    passwordFile,
    password,
  };
}

function fingerprint(pin: string, fields: ConfigFields): string {
  try {
    return normalizeFingerprint(pin);
  } catch {
    throw fields.error('pin_sha256', 'must be 64 hex digits (colons allowed)');
  }
}

/** yes/no, true/false, 1/0 (any case; YAML and JSON booleans too); absent: false. */
function yesNo(fields: ConfigFields, field: string): boolean {
  const value = fields.raw(field);
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim().toLowerCase() : undefined;
  if (text === 'yes' || text === 'true' || text === '1') return true;
  if (text === 'no' || text === 'false' || text === '0') return false;
  throw fields.error(field, 'must be yes or no');
}

/** A fault of one device: `<file>: row N: <field>: <problem>`. */
function rowError(source: string, row: number, fault: Pick<ConfigFault, 'field' | 'problem'>): DeviceError {
  const message = `row ${row}: ${configFieldProblem(fault.field, fault.problem)}`;
  if (fault.field === '') return inventoryError(source, message);
  return new DeviceError('ERR_DEVICE_INVENTORY', message, { device: source, field: configText(fault.field, 80) });
}

/** A fault of the file as a whole (its syntax, its top-level fields): `<file>: <field>: <problem>`. */
function fileError(source: string, fault: ConfigFault): DeviceError {
  return inventoryError(source, configFieldProblem(fault.field, fault.problem));
}

function inventoryError(source: string, message: string): DeviceError {
  return new DeviceError('ERR_DEVICE_INVENTORY', message, { device: source });
}
