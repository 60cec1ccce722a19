import { posix, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { RotateError } from './errors.js';

/** A server certificate set on local disk: what `certwright import` wrote, and the key. */
export interface PlanFileSet {
  /** Directory with root.crt, ca1.crt, ca2.crt (optional), server.crt; absolute. */
  dir: string;
  /** The server's private key; absolute. */
  key: string;
}

/** A pair-level command (`before`/`after`), run over SSH on one node. */
export interface PlanCommand {
  node: string;
  run: string;
  timeoutSeconds: number;
}

/** How to check what a node serves after its reload. */
export interface PlanProbe {
  /** Where to connect; default the node's SSH host. */
  host: string;
  port: number;
  /** SNI name to send; none when absent. */
  serverName: string | undefined;
  /** How long the node may take to serve the new certificate after its reload. */
  timeoutSeconds: number;
}

/** One server of the pair. Local paths are absolute; remote paths are absolute POSIX paths. */
export interface PlanNode {
  name: string;
  host: string;
  port: number;
  user: string;
  identityFile: string;
  /** undefined only when the run skips host-key checks. */
  knownHosts: string | undefined;
  target: string;
  /** Remote directory for the timestamped backups of previous sets; undefined: `<target>.backups`. */
  backupDir: string | undefined;
  reload: string;
  reloadTimeoutSeconds: number;
  probe: PlanProbe;
  files: PlanFileSet;
}

/** A validated rotation plan. */
export interface RotatePlan {
  before: PlanCommand[];
  nodes: PlanNode[];
  after: PlanCommand[];
  /** True when every node uses the same (shared) set. */
  sharedFiles: boolean;
}

/** Where the plan came from, to resolve its relative paths and name it in messages. */
export interface PlanContext {
  /** The plan file as the user named it. */
  source: string;
  /** Directory relative local paths in the plan are resolved against. */
  baseDir: string;
  /** For `~/` in local paths. */
  home: string | undefined;
  /** With --insecure-skip-host-key-check a node needs no known_hosts. */
  knownHostsOptional: boolean;
}

const DEFAULT_COMMAND_TIMEOUT = 300;
const DEFAULT_PROBE_TIMEOUT = 60;
const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

type Fields = Record<string, unknown>;

/**
 * Parses and fully validates a rotation plan (YAML) before anything is touched. Every problem is
 * one line naming the field, e.g. `ha.yaml: nodes[1].probe.port: must be a whole number 1–65535`.
 *
 * @throws RotateError ERR_ROTATE_PLAN_SYNTAX, ERR_ROTATE_PLAN_INVALID, ERR_ROTATE_PLAN_UNKNOWN_FIELD
 */
export function parsePlan(text: string, context: PlanContext): RotatePlan {
  const fields = new PlanFields(context);
  const root = fields.object(readYaml(text, context.source), '');
  fields.only(root, '', ['version', 'files', 'defaults', 'before', 'nodes', 'after']);
  if (root.version !== undefined && root.version !== 1) fields.fail('version', 'must be 1');
  const shared = root.files === undefined ? undefined : fields.fileSet(root.files, 'files');
  const defaults = root.defaults === undefined ? {} : fields.object(root.defaults, 'defaults');
  fields.only(defaults, 'defaults', NODE_DEFAULT_KEYS);
  const nodeList = fields.list(root.nodes, 'nodes');
  if (nodeList.length === 0) fields.fail('nodes', 'must list at least one node');
  const nodes = nodeList.map((raw, index) => fields.node(raw, `nodes[${index}]`, defaults, shared));
  const names = new Set<string>();
  nodes.forEach((node, index) => {
    if (names.has(node.name)) fields.fail(`nodes[${index}].name`, `"${node.name}" is used by another node`);
    names.add(node.name);
  });
  const before = fields.commands(root.before, 'before', names);
  const after = fields.commands(root.after, 'after', names);
  const sharedFiles = nodes.every((node) => sameSet(node.files, (nodes[0] as PlanNode).files));
  return { before, nodes, after, sharedFiles };
}

/** Node fields that `defaults` may also give. */
const NODE_DEFAULT_KEYS = [
  'port',
  'user',
  'identity_file',
  'known_hosts',
  'reload',
  'reload_timeout',
  'backup_dir',
  'probe',
] as const;

function readYaml(text: string, source: string): unknown {
  const document = parseDocument(text, { uniqueKeys: true });
  const first = document.errors[0];
  if (first) {
    // The first line of yaml's message names the problem and its line and column.
    const problem = firstLine(first.message).replace(/:$/, '');
    throw new RotateError('ERR_ROTATE_PLAN_SYNTAX', `${source}: not valid YAML: ${problem}`, { source });
  }
  return document.toJS({ maxAliasCount: 50 });
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function sameSet(a: PlanFileSet, b: PlanFileSet): boolean {
  return a.dir === b.dir && a.key === b.key;
}

/** Field readers that fail with one line naming the field. */
class PlanFields {
  constructor(private readonly context: PlanContext) {}

  fail(
    field: string,
    problem: string,
    code: 'ERR_ROTATE_PLAN_INVALID' | 'ERR_ROTATE_PLAN_UNKNOWN_FIELD' = 'ERR_ROTATE_PLAN_INVALID',
  ): never {
    const where = field === '' ? '' : `${field}: `;
    throw new RotateError(code, `${this.context.source}: ${where}${problem}`, { source: this.context.source, field });
  }

  object(value: unknown, field: string): Fields {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(field, field === '' ? 'the plan must be a mapping (key: value)' : 'must be a mapping (key: value)');
    }
    return value as Fields;
  }

  /** Refuses unknown keys, so a misspelt field is not silently ignored. */
  only(value: Fields, field: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.fail(
          join(field, key),
          `unknown field (expected one of ${allowed.join(', ')})`,
          'ERR_ROTATE_PLAN_UNKNOWN_FIELD',
        );
      }
    }
  }

  list(value: unknown, field: string): unknown[] {
    if (value === undefined) this.fail(field, 'is required');
    if (!Array.isArray(value)) this.fail(field, 'must be a list');
    return value;
  }

  string(value: unknown, field: string): string {
    if (value === undefined || value === null) this.fail(field, 'is required');
    if (typeof value !== 'string' || value.trim() === '') this.fail(field, 'must be a non-empty string');
    if (/[\0\r\n]/.test(value)) this.fail(field, 'must be one line');
    return value;
  }

  optionalString(value: unknown, field: string): string | undefined {
    return value === undefined || value === null ? undefined : this.string(value, field);
  }

  integer(value: unknown, field: string, min: number, max: number, fallback?: number): number {
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, value === undefined ? 'is required' : `must be a whole number ${min}–${max}`);
    }
    return value;
  }

  /** A local path, relative to the plan's directory; `~/` is the user's home. */
  localPath(value: unknown, field: string): string {
    const text = this.string(value, field);
    if (text.startsWith('~/')) {
      if (this.context.home === undefined) this.fail(field, 'starts with ~/ but HOME is not set');
      return resolve(this.context.home, text.slice(2));
    }
    return resolve(this.context.baseDir, text);
  }

  /** A path on the node: absolute, normalised, never the root directory. */
  remotePath(value: unknown, field: string): string {
    const text = this.string(value, field);
    if (!posix.isAbsolute(text)) this.fail(field, 'must be an absolute path on the node');
    const normal = posix.normalize(text).replace(/\/+$/, '');
    if (normal === '') this.fail(field, 'must not be the root directory');
    return normal;
  }

  fileSet(value: unknown, field: string): PlanFileSet {
    const fields = this.object(value, field);
    this.only(fields, field, ['dir', 'key']);
    return { dir: this.localPath(fields.dir, join(field, 'dir')), key: this.localPath(fields.key, join(field, 'key')) };
  }

  node(value: unknown, field: string, defaults: Fields, shared: PlanFileSet | undefined): PlanNode {
    const own = this.object(value, field);
    this.only(own, field, ['name', 'host', 'target', 'files', ...NODE_DEFAULT_KEYS]);
    // A node's own field wins over `defaults`; the message names where the value came from.
    const pick = (key: string): [unknown, string] =>
      own[key] !== undefined ? [own[key], join(field, key)] : [defaults[key], join('defaults', key)];
    const name = this.string(own.name, join(field, 'name'));
    if (!NODE_NAME.test(name)) this.fail(join(field, 'name'), 'letters, digits, ".", "_" and "-" only');
    const host = this.string(own.host, join(field, 'host'));
    const target = this.remotePath(own.target, join(field, 'target'));
    const files = own.files === undefined ? shared : this.fileSet(own.files, join(field, 'files'));
    if (files === undefined) this.fail(join(field, 'files'), 'is required when the plan has no shared `files`');
    const knownHosts = pick('known_hosts');
    const backupDir = pick('backup_dir');
    return {
      name,
      host,
      port: this.integer(...pick('port'), 1, 65535, 22),
      user: this.string(...pick('user')),
      identityFile: this.localPath(...pick('identity_file')),
      knownHosts:
        knownHosts[0] === undefined && this.context.knownHostsOptional ? undefined : this.localPath(...knownHosts),
      target,
      backupDir: backupDir[0] === undefined ? undefined : this.remotePath(...backupDir),
      reload: this.string(...pick('reload')),
      reloadTimeoutSeconds: this.integer(...pick('reload_timeout'), 1, 86_400, DEFAULT_COMMAND_TIMEOUT),
      probe: this.probe(...this.mergedProbe(own.probe, defaults.probe, field), host),
      files,
    };
  }

  /** A node's probe fields complete the defaults' (a node often changes only server_name). */
  mergedProbe(own: unknown, shared: unknown, field: string): [unknown, string] {
    if (own === undefined) return [shared, 'defaults.probe'];
    if (shared === undefined) return [own, join(field, 'probe')];
    return [
      { ...this.object(shared, 'defaults.probe'), ...this.object(own, join(field, 'probe')) },
      join(field, 'probe'),
    ];
  }

  probe(value: unknown, field: string, nodeHost: string): PlanProbe {
    const fields = this.object(value ?? this.fail(field, 'is required'), field);
    this.only(fields, field, ['host', 'port', 'server_name', 'timeout']);
    return {
      host: this.optionalString(fields.host, join(field, 'host')) ?? nodeHost,
      port: this.integer(fields.port, join(field, 'port'), 1, 65535),
      serverName: this.optionalString(fields.server_name, join(field, 'server_name')),
      timeoutSeconds: this.integer(fields.timeout, join(field, 'timeout'), 1, 3600, DEFAULT_PROBE_TIMEOUT),
    };
  }

  commands(value: unknown, field: string, nodes: ReadonlySet<string>): PlanCommand[] {
    if (value === undefined || value === null) return [];
    return this.list(value, field).map((raw, index) => {
      const at = `${field}[${index}]`;
      const fields = this.object(raw, at);
      this.only(fields, at, ['node', 'run', 'timeout']);
      const node = this.string(fields.node, join(at, 'node'));
      if (!nodes.has(node)) this.fail(join(at, 'node'), `"${node}" is not a node of this plan`);
      return {
        node,
        run: this.string(fields.run, join(at, 'run')),
        timeoutSeconds: this.integer(fields.timeout, join(at, 'timeout'), 1, 86_400, DEFAULT_COMMAND_TIMEOUT),
      };
    });
  }
}

function join(field: string, key: string): string {
  return field === '' ? key : `${field}.${key}`;
}
