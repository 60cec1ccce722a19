import {
  type ConfigFault,
  ConfigFields,
  parseSubjectAltName,
  type SubjectFields,
  validateSubject,
} from '@certwright/core';
import { isIP } from 'node:net';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { readYaml } from '../config/read-yaml.js';
import { WorkflowError } from '../errors.js';
import { readUserFile } from '../files/read.js';

/**
 * Where a secret comes from. Never the secret itself: a config file is copied, mailed and
 * committed, so it may only point at an environment variable, a file, or a prompt.
 */
export type SecretRef = { env: string } | { file: string } | { prompt: true };

/** The server key (step 1): its file, type and size, and where its passphrase comes from. */
export interface KeyConfig {
  file: string;
  type: 'rsa' | 'ec' | 'ed25519';
  bits: 2048 | 3072 | 4096 | undefined;
  curve: 'P-256' | 'P-384' | 'P-521' | undefined;
  /** false only with `encrypt: false` in the config, which the key step warns about. */
  encrypt: boolean;
  passphrase: SecretRef | undefined;
}

/** The CSR (step 2): its file, the organisation's details and every name the server answers to. */
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

/** Where step 5 installs the set, where the previous set is backed up, and the reload command. */
export interface InstallConfig {
  target: string;
  backupDir: string | undefined;
  reload: string | undefined;
}

/**
 * What steps 6–7 check besides the files: the host name, a live TLS handshake, the expiry warning
 * window, and how OVOC reaches the SBC devices (`hostname`: the FQDN must be in the certificate).
 */
export interface VerifyConfig {
  host: string | undefined;
  connect: string | undefined;
  warnDays: number;
  deviceMode: 'ip' | 'hostname' | undefined;
}

/** Step 8: the device inventory, the board files and how the devices are reached. */
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

/** Reads and validates a workflow config file; its directory is where every path in it starts. */
export async function loadWorkflowConfig(cwd: string, path: string): Promise<WorkflowConfig> {
  const text = Buffer.from(await readUserFile(cwd, path)).toString('utf8');
  return parseWorkflowConfig(text, path, dirname(resolve(cwd, path)));
}

/** The state file beside the config: `workflow.yaml` → `workflow.state.json`. */
export function defaultStatePath(configPath: string): string {
  const name = basename(configPath, extname(configPath));
  return join(dirname(configPath), `${name}.state.json`);
}

/**
 * Parses and validates a workflow config (YAML); the first problem is an error naming its field.
 *
 * @throws WorkflowError ERR_WORKFLOW_CONFIG_SYNTAX, ERR_WORKFLOW_CONFIG_INVALID
 */
export async function parseWorkflowConfig(text: string, source: string, baseDir: string): Promise<WorkflowConfig> {
  const document = await readYaml(
    text,
    source,
    (message) => new WorkflowError('ERR_WORKFLOW_CONFIG_SYNTAX', message, { source }),
  );
  return readWorkflowConfig(document, source, baseDir);
}

/** The checks of parseWorkflowConfig on a document already read (the wizard's answers). */
export function readWorkflowConfig(document: unknown, source: string, baseDir: string): WorkflowConfig {
  const top = ConfigFields.root(document, { source, fail: configError });
  const version = top.raw('version');
  if (version !== undefined && version !== 1) throw top.error('version', 'must be 1');
  const config: WorkflowConfig = {
    source,
    baseDir,
    key: keyConfig(top.requiredSection('key')),
    csr: csrConfig(top.requiredSection('csr')),
    ca: caConfig(top.requiredSection('ca')),
    serverCerts: top.text('server_certs', { fallback: 'server_certs' }),
    install: optional(top.section('install'), installConfig),
    verify: verifyConfig(top.section('verify')),
    devices: optional(top.section('devices'), devicesConfig),
  };
  top.done();
  return config;
}

/** A config field that is missing or wrong: one line naming the field. */
function configError(fault: ConfigFault): WorkflowError {
  return new WorkflowError('ERR_WORKFLOW_CONFIG_INVALID', fault.message, { source: fault.source, field: fault.field });
}

function optional<T>(fields: ConfigFields | undefined, read: (fields: ConfigFields) => T): T | undefined {
  return fields === undefined ? undefined : read(fields);
}

function keyConfig(fields: ConfigFields): KeyConfig {
  const type = fields.choice('type', ['rsa', 'ec', 'ed25519'] as const, 'rsa') ?? 'rsa';
  const bits = fields.choice('bits', [2048, 3072, 4096] as const);
  const curve = fields.choice('curve', ['P-256', 'P-384', 'P-521'] as const);
  if (bits !== undefined && type !== 'rsa') throw fields.error('bits', 'applies only to type rsa');
  if (curve !== undefined && type !== 'ec') throw fields.error('curve', 'applies only to type ec');
  const key: KeyConfig = {
    file: fields.text('file', { fallback: 'server.key' }),
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
function checkEncryption(fields: ConfigFields, encrypt: boolean, passphrase: SecretRef | undefined): void {
  if (encrypt && passphrase === undefined) {
    throw fields.error(
      'passphrase',
      'is required ({ env: VAR }, { file: path } or { prompt: true }) unless encrypt: false',
    );
  }
  if (!encrypt && passphrase !== undefined) throw fields.error('passphrase', 'contradicts encrypt: false');
}

function csrConfig(fields: ConfigFields): CsrConfig {
  const subjectFields = fields.requiredSection('subject');
  const raw: Record<string, string> = {};
  for (const name of ['cn', 'o', 'ou', 'l', 'st', 'c', 'email']) {
    const value = subjectFields.optionalText(name);
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
  const sans = fields.texts('sans');
  sans.forEach((text, index) => {
    try {
      parseSubjectAltName(text, 'san');
    } catch (error) {
      throw fields.error(`sans[${index + 1}]`, withoutPrefix(reasonOf(error), 'san '));
    }
  });
  const csr: CsrConfig = { file: fields.text('file', { fallback: 'server.csr' }), subject, sans };
  fields.done();
  return csr;
}

function caConfig(fields: ConfigFields): LabCaConfig | ExternalCaConfig {
  const lab = fields.section('lab');
  const files = fields.texts('files');
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
    dir: lab.text('dir', { fallback: 'lab-ca' }),
    intermediates: lab.choice('intermediates', [0, 1, 2] as const, 2) ?? 2,
    days: lab.integer('days', { min: 1, max: 36500, fallback: 397 }),
    certificate: lab.text('certificate', { fallback: 'server.crt' }),
    encrypt: lab.boolean('encrypt', true),
    passphrase: secretRef(lab, 'passphrase'),
  };
  checkEncryption(lab, config.encrypt, config.passphrase);
  lab.done();
  return config;
}

function installConfig(fields: ConfigFields): InstallConfig {
  const install: InstallConfig = {
    target: fields.text('target'),
    backupDir: fields.optionalText('backup_dir'),
    reload: fields.optionalText('reload'),
  };
  fields.done();
  return install;
}

function verifyConfig(fields: ConfigFields | undefined): VerifyConfig {
  if (fields === undefined) return { host: undefined, connect: undefined, warnDays: 30, deviceMode: undefined };
  const verify: VerifyConfig = {
    host: fields.optionalText('host'),
    connect: fields.optionalText('connect'),
    warnDays: fields.integer('warn_days', { min: 0, max: 3650, fallback: 30 }),
    deviceMode: fields.choice('device_mode', ['ip', 'hostname'] as const),
  };
  if (verify.connect !== undefined && !isHostPort(verify.connect)) {
    throw fields.error('connect', `"${verify.connect}": must be host:port`);
  }
  if (verify.deviceMode === 'hostname' && verify.host === undefined) {
    throw fields.error('device_mode', 'hostname needs verify.host: the FQDN the devices reach OVOC by');
  }
  fields.done();
  return verify;
}

function devicesConfig(fields: ConfigFields): DevicesConfig {
  const devices: DevicesConfig = {
    inventory: fields.text('inventory'),
    boardDir: fields.text('board_dir', { fallback: 'board' }),
    passphrase: secretRef(fields, 'passphrase'),
    caFile: fields.optionalText('ca_file'),
    password: secretRef(fields, 'password'),
    tlsContext: fields.optionalInteger('tls_context', { min: 0, max: 1000 }),
    concurrency: fields.integer('concurrency', { min: 1, max: 1024, fallback: 32 }),
    report: fields.optionalText('report'),
  };
  fields.done();
  return devices;
}

/** `{ env: VAR }`, `{ file: path }` or `{ prompt: true }`; a plain text here would be the secret itself. */
function secretRef(fields: ConfigFields, field: string): SecretRef | undefined {
  const value = fields.raw(field);
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw fields.error(field, 'must be { env: VAR }, { file: path } or { prompt: true }; never the secret itself');
  }
  const ref = fields.requiredSection(field);
  const given = ['env', 'file', 'prompt'].filter((name) => ref.has(name));
  if (given.length !== 1) throw fields.error(field, 'give exactly one of env, file and prompt');
  let result: SecretRef;
  if (given[0] === 'env') {
    const env = ref.text('env');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(env)) throw ref.error('env', 'must be an environment variable name');
    result = { env };
  } else if (given[0] === 'file') {
    result = { file: ref.text('file') };
  } else {
    if (ref.raw('prompt') !== true) throw ref.error('prompt', 'must be true');
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
