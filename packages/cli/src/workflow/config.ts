import { parseSubjectAltName, type SubjectFields, validateSubject } from '@certwright/core';
import { isIP } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { configError, WorkflowError } from './errors.js';

/**
 * Where a secret comes from. Never the secret itself: a config file is copied, mailed and
 * committed, so it may only point at an environment variable, a file, or a prompt.
 */
export type SecretRef = { env: string } | { file: string } | { prompt: true };

export interface KeyConfig {
  file: string;
  type: 'rsa' | 'ec' | 'ed25519';
  bits: 2048 | 3072 | 4096 | undefined;
  curve: 'P-256' | 'P-384' | 'P-521' | undefined;
  /** false only with `encrypt: false` in the config, which the key step warns about. */
  encrypt: boolean;
  passphrase: SecretRef | undefined;
}

export interface CsrConfig {
  file: string;
  subject: SubjectFields;
  /** `kind:value` texts, checked. */
  sans: string[];
}

/** A lab CA made and used by the workflow (tests, demos, small labs). */
export interface LabCaConfig {
  mode: 'lab';
  dir: string;
  intermediates: 0 | 1 | 2;
  days: number;
  /** Where the signed server certificate goes. */
  certificate: string;
  encrypt: boolean;
  passphrase: SecretRef | undefined;
}

/** The enterprise CA: its answer arrives as files (any names, any format). */
export interface ExternalCaConfig {
  mode: 'external';
  /** Paths; `*` and `?` allowed in the last part of each. */
  files: string[];
  storepass: SecretRef | undefined;
}

export interface InstallConfig {
  target: string;
  backupDir: string | undefined;
  reload: string | undefined;
}

export interface VerifyConfig {
  host: string | undefined;
  connect: string | undefined;
  warnDays: number;
}

export interface DevicesConfig {
  inventory: string;
  /** The directory with board_cert.pem, board_pkey.pem and root.pem. */
  boardDir: string;
  /** Passphrase of board_pkey.pem, when it is encrypted. */
  passphrase: SecretRef | undefined;
  /** The CA file that the devices' current TLS certificates are verified against. */
  caFile: string | undefined;
  /** The device password for inventory rows without password_env/password_file. */
  password: SecretRef | undefined;
  tlsContext: number | undefined;
  concurrency: number;
  /** Where the per-device JSON report goes. */
  report: string | undefined;
}

/** A validated workflow config; paths are relative to `baseDir`, the config file's directory. */
export interface WorkflowConfig {
  source: string;
  baseDir: string;
  key: KeyConfig;
  csr: CsrConfig;
  ca: LabCaConfig | ExternalCaConfig;
  serverCerts: string;
  install: InstallConfig | undefined;
  verify: VerifyConfig;
  devices: DevicesConfig | undefined;
}

type Plain = Record<string, unknown>;

/**
 * Reads fields of one YAML mapping, naming each wrong field in full (`ca.lab.intermediates`)
 * and refusing unknown fields, so a typo is an error and not a silently ignored setting.
 */
class Fields {
  private readonly seen = new Set<string>();

  constructor(
    readonly source: string,
    private readonly path: string,
    private readonly value: Plain,
  ) {}

  static of(source: string, path: string, value: unknown): Fields {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw configError(source, path || '(top level)', 'expected a mapping of fields');
    }
    return new Fields(source, path, value as Plain);
  }

  name(field: string): string {
    return this.path === '' ? field : `${this.path}.${field}`;
  }

  error(field: string, reason: string): WorkflowError {
    return configError(this.source, this.name(field), reason);
  }

  has(field: string): boolean {
    return this.value[field] !== undefined && this.value[field] !== null;
  }

  raw(field: string): unknown {
    this.seen.add(field);
    const value = this.value[field];
    return value === null ? undefined : value;
  }

  string(field: string, fallback?: string): string {
    const value = this.optionalString(field) ?? fallback;
    if (value === undefined) throw this.missing(field, 'field');
    return value;
  }

  /** A required field is absent: point at a key that looks like a typo of it, if there is one. */
  missing(field: string, what: 'field' | 'section'): WorkflowError {
    const typo = Object.keys(this.value).find((key) => key !== field && !this.seen.has(key) && nearlyEqual(key, field));
    const hint = typo === undefined ? '' : `; is "${this.name(typo)}" a typo of it?`;
    return this.error(field, `missing (a required ${what})${hint}`);
  }

  optionalString(field: string): string | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string' || value.trim() === '') throw this.error(field, 'expected a non-empty text');
    return value;
  }

  integer(field: string, fallback: number, min: number, max: number): number {
    const value = this.raw(field) ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw this.error(field, `expected a whole number from ${min} to ${max}`);
    }
    return value;
  }

  boolean(field: string, fallback: boolean): boolean {
    const value = this.raw(field) ?? fallback;
    if (typeof value !== 'boolean') throw this.error(field, 'expected true or false');
    return value;
  }

  choice<T extends string | number>(field: string, choices: readonly T[], fallback?: T): T | undefined {
    const value = this.raw(field) ?? fallback;
    if (value === undefined) return undefined;
    if (!choices.includes(value as T)) throw this.error(field, `expected one of ${choices.join(', ')}`);
    return value as T;
  }

  strings(field: string): string[] {
    const value = this.raw(field);
    if (value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map((item, index) => {
      if (typeof item !== 'string' || item.trim() === '') throw this.error(`${field}[${index + 1}]`, 'expected a text');
      return item;
    });
  }

  section(field: string): Fields | undefined {
    const value = this.raw(field);
    return value === undefined ? undefined : Fields.of(this.source, this.name(field), value);
  }

  /** Call last: any field nobody asked for is a typo or a setting this version does not know. */
  done(): void {
    const unknown = Object.keys(this.value).find((key) => !this.seen.has(key));
    if (unknown !== undefined) throw this.error(unknown, 'unknown field');
  }
}

/** True when two field names differ by at most one edit (a letter added, dropped, changed or swapped). */
function nearlyEqual(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  const swapped = x[i] === y[i + 1] && x[i + 1] === y[i] && x.slice(i + 2) === y.slice(i + 2);
  return swapped || x.slice(i + 1) === y.slice(i + 1) || x.slice(i) === y.slice(i + 1) || x.slice(i + 1) === y.slice(i);
}

/** Parses and validates a workflow config; the first problem is an error naming its field. */
export function parseWorkflowConfig(text: string, source: string, baseDir: string): WorkflowConfig {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: false });
  } catch (error) {
    const line = (error as { linePos?: [{ line: number }] }).linePos?.[0]?.line;
    throw new WorkflowError(
      'ERR_WORKFLOW_CONFIG_SYNTAX',
      `${source}${line === undefined ? '' : `:${line}`}: not valid YAML`,
      { source, cause: error },
    );
  }
  const top = Fields.of(source, '', document ?? {});
  const version = top.raw('version');
  if (version !== undefined && version !== 1) throw top.error('version', 'expected 1');
  const config: WorkflowConfig = {
    source,
    baseDir,
    key: keyConfig(requiredSection(top, 'key')),
    csr: csrConfig(requiredSection(top, 'csr')),
    ca: caConfig(requiredSection(top, 'ca')),
    serverCerts: top.string('server_certs', 'server_certs'),
    install: optional(top.section('install'), installConfig),
    verify: verifyConfig(top.section('verify')),
    devices: optional(top.section('devices'), devicesConfig),
  };
  top.done();
  return config;
}

function requiredSection(fields: Fields, name: string): Fields {
  const section = fields.section(name);
  if (section === undefined) throw fields.missing(name, 'section');
  return section;
}

function optional<T>(fields: Fields | undefined, read: (fields: Fields) => T): T | undefined {
  return fields === undefined ? undefined : read(fields);
}

function keyConfig(fields: Fields): KeyConfig {
  const type = fields.choice('type', ['rsa', 'ec', 'ed25519'] as const, 'rsa') as KeyConfig['type'];
  const bits = fields.choice('bits', [2048, 3072, 4096] as const);
  const curve = fields.choice('curve', ['P-256', 'P-384', 'P-521'] as const);
  if (bits !== undefined && type !== 'rsa') throw fields.error('bits', 'applies only to type rsa');
  if (curve !== undefined && type !== 'ec') throw fields.error('curve', 'applies only to type ec');
  const key: KeyConfig = {
    file: fields.string('file', 'server.key'),
    type,
    bits,
    curve,
    encrypt: fields.boolean('encrypt', true),
    passphrase: secretRef(fields, 'passphrase'),
  };
  checkEncryption(fields, key.encrypt, key.passphrase);
  fields.done();
  return key;
}

/** An encrypted key needs a passphrase source; an unencrypted one must not name one. */
function checkEncryption(fields: Fields, encrypt: boolean, passphrase: SecretRef | undefined): void {
  if (encrypt && passphrase === undefined) {
    throw fields.error(
      'passphrase',
      'is required ({ env: VAR }, { file: path } or { prompt: true }) unless encrypt: false',
    );
  }
  if (!encrypt && passphrase !== undefined) throw fields.error('passphrase', 'contradicts encrypt: false');
}

function csrConfig(fields: Fields): CsrConfig {
  const subjectFields = requiredSection(fields, 'subject');
  const raw: Record<string, string> = {};
  for (const name of ['cn', 'o', 'ou', 'l', 'st', 'c', 'email']) {
    const value = subjectFields.optionalString(name);
    if (value !== undefined) raw[name] = value;
  }
  subjectFields.done();
  let subject: SubjectFields;
  try {
    subject = validateSubject(raw);
  } catch (error) {
    // core names the field `subject.c`; the config calls it `csr.subject.c`.
    const field = (error as { field?: string }).field ?? 'subject';
    throw fields.error(field, withoutPrefix(reasonOf(error), `${field}: `));
  }
  const sans = fields.strings('sans');
  sans.forEach((text, index) => {
    try {
      parseSubjectAltName(text, 'san');
    } catch (error) {
      throw fields.error(`sans[${index + 1}]`, withoutPrefix(reasonOf(error), 'san '));
    }
  });
  const csr: CsrConfig = { file: fields.string('file', 'server.csr'), subject, sans };
  fields.done();
  return csr;
}

function caConfig(fields: Fields): LabCaConfig | ExternalCaConfig {
  const lab = fields.section('lab');
  const files = fields.strings('files');
  const storepass = secretRef(fields, 'storepass');
  fields.done();
  if (lab !== undefined && files.length > 0) throw fields.error('files', 'give either ca.lab or ca.files, not both');
  if (lab === undefined) {
    if (files.length === 0) throw fields.error('files', "is required: where the CA's files will be (or use ca.lab)");
    return { mode: 'external', files, storepass };
  }
  if (storepass !== undefined) throw fields.error('storepass', 'applies only to ca.files');
  const config: LabCaConfig = {
    mode: 'lab',
    dir: lab.string('dir', 'lab-ca'),
    intermediates: lab.integer('intermediates', 2, 0, 2) as 0 | 1 | 2,
    days: lab.integer('days', 397, 1, 36500),
    certificate: lab.string('certificate', 'server.crt'),
    encrypt: lab.boolean('encrypt', true),
    passphrase: secretRef(lab, 'passphrase'),
  };
  checkEncryption(lab, config.encrypt, config.passphrase);
  lab.done();
  return config;
}

function installConfig(fields: Fields): InstallConfig {
  const install: InstallConfig = {
    target: fields.string('target'),
    backupDir: fields.optionalString('backup_dir'),
    reload: fields.optionalString('reload'),
  };
  fields.done();
  return install;
}

function verifyConfig(fields: Fields | undefined): VerifyConfig {
  if (fields === undefined) return { host: undefined, connect: undefined, warnDays: 30 };
  const verify: VerifyConfig = {
    host: fields.optionalString('host'),
    connect: fields.optionalString('connect'),
    warnDays: fields.integer('warn_days', 30, 0, 3650),
  };
  if (verify.connect !== undefined && !isHostPort(verify.connect)) {
    throw fields.error('connect', `"${verify.connect}": expected host:port`);
  }
  fields.done();
  return verify;
}

function devicesConfig(fields: Fields): DevicesConfig {
  const devices: DevicesConfig = {
    inventory: fields.string('inventory'),
    boardDir: fields.string('board_dir', 'board'),
    passphrase: secretRef(fields, 'passphrase'),
    caFile: fields.optionalString('ca_file'),
    password: secretRef(fields, 'password'),
    tlsContext: fields.has('tls_context') ? fields.integer('tls_context', 0, 0, 1000) : undefined,
    concurrency: fields.integer('concurrency', 32, 1, 1024),
    report: fields.optionalString('report'),
  };
  fields.done();
  return devices;
}

/** `{ env: VAR }`, `{ file: path }` or `{ prompt: true }`; a plain text here would be the secret itself. */
function secretRef(fields: Fields, field: string): SecretRef | undefined {
  const value = fields.raw(field);
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw fields.error(field, 'expected { env: VAR }, { file: path } or { prompt: true }; never the secret itself');
  }
  const ref = Fields.of(fields.source, fields.name(field), value);
  const given = ['env', 'file', 'prompt'].filter((name) => ref.has(name));
  if (given.length !== 1) throw fields.error(field, 'give exactly one of env, file and prompt');
  let result: SecretRef;
  if (given[0] === 'env') {
    const env = ref.string('env');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(env)) throw ref.error('env', 'expected an environment variable name');
    result = { env };
  } else if (given[0] === 'file') {
    result = { file: ref.string('file') };
  } else {
    if (ref.raw('prompt') !== true) throw ref.error('prompt', 'expected true');
    result = { prompt: true };
  }
  ref.done();
  return result;
}

function isHostPort(text: string): boolean {
  const match = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text);
  if (!match) return false;
  const port = Number(match[3]);
  const host = match[1] ?? (match[2] as string);
  return port >= 1 && port <= 65535 && (match[1] === undefined || isIP(host) === 6);
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withoutPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}
