import { type ConfigFault, ConfigFields } from '@certwright/core';
import { posix, resolve } from 'node:path';
import { readYaml } from '../config/read-yaml.js';
import { RotateError } from '../errors.js';

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

/**
 * Parses and fully validates a rotation plan (YAML) before anything is touched. Every problem is
 * one line naming the field, e.g. `ha.yaml: nodes[1].probe.port: must be a whole number from 1 to 65535`.
 *
 * @throws RotateError ERR_ROTATE_PLAN_SYNTAX, ERR_ROTATE_PLAN_INVALID, ERR_ROTATE_PLAN_UNKNOWN_FIELD
 */
export async function parsePlan(text: string, context: PlanContext): Promise<RotatePlan> {
  const document = await readYaml(
    text,
    context.source,
    (message) => new RotateError('ERR_ROTATE_PLAN_SYNTAX', message, { source: context.source }),
  );
  return readPlan(document, context);
}

/** The checks of parsePlan on a document already read. */
export function readPlan(document: unknown, context: PlanContext): RotatePlan {
  const root = ConfigFields.root(document, { source: context.source, fail: planError });
  root.only(['version', 'files', 'defaults', 'before', 'nodes', 'after']);
  const version = root.raw('version');
  if (version !== undefined && version !== 1) throw root.error('version', 'must be 1');
  const paths = new PlanPaths(context);
  const sharedSection = root.section('files');
  const shared = sharedSection === undefined ? undefined : paths.fileSet(sharedSection);
  const defaults = root.sectionOrEmpty('defaults');
  // Each node reads what it does not set itself from `defaults`.
  defaults.only(NODE_DEFAULT_KEYS);
  const nodeFields = root.sections('nodes');
  if (!root.has('nodes')) throw root.missing('nodes');
  if (nodeFields.length === 0) throw root.error('nodes', 'must list at least one node');
  const nodes = nodeFields.map((fields) => readNode(fields, defaults, shared, paths, context));
  const names = new Set<string>();
  nodes.forEach((node, index) => {
    if (names.has(node.name)) throw nodeFields[index]?.error('name', `"${node.name}" is used by another node`);
    names.add(node.name);
  });
  const before = readCommands(root, 'before', names);
  const after = readCommands(root, 'after', names);
  const sharedFiles = nodes.every((node) => sameSet(node.files, (nodes[0] as PlanNode).files));
  return { before, nodes, after, sharedFiles };
}

/** A fault in the plan as RotateError: an unknown field has its own code. */
function planError(fault: ConfigFault): RotateError {
  const code = fault.kind === 'unknown-field' ? 'ERR_ROTATE_PLAN_UNKNOWN_FIELD' : 'ERR_ROTATE_PLAN_INVALID';
  return new RotateError(code, fault.message, { source: fault.source, field: fault.field });
}

function sameSet(a: PlanFileSet, b: PlanFileSet): boolean {
  return a.dir === b.dir && a.key === b.key;
}

/** Local paths (relative to the plan, `~/` for the home directory) and paths on the nodes. */
class PlanPaths {
  constructor(private readonly context: PlanContext) {}

  /** A local path, relative to the plan's directory; `~/` is the user's home. */
  local(fields: ConfigFields, field: string): string {
    const text = fields.text(field, { oneLine: true });
    if (text.startsWith('~/')) {
      if (this.context.home === undefined) throw fields.error(field, 'starts with ~/ but HOME is not set');
      return resolve(this.context.home, text.slice(2));
    }
    return resolve(this.context.baseDir, text);
  }

  /** A path on the node: absolute, normalised, never the root directory. */
  remote(fields: ConfigFields, field: string): string {
    const text = fields.text(field, { oneLine: true });
    if (!posix.isAbsolute(text)) throw fields.error(field, 'must be an absolute path on the node');
    const normal = posix.normalize(text).replace(/\/+$/, '');
    if (normal === '') throw fields.error(field, 'must not be the root directory');
    return normal;
  }

  fileSet(fields: ConfigFields): PlanFileSet {
    fields.only(['dir', 'key']);
    return { dir: this.local(fields, 'dir'), key: this.local(fields, 'key') };
  }
}

function readNode(
  own: ConfigFields,
  defaults: ConfigFields,
  shared: PlanFileSet | undefined,
  paths: PlanPaths,
  context: PlanContext,
): PlanNode {
  own.only(['name', 'host', 'target', 'files', ...NODE_DEFAULT_KEYS]);
  // A node's own field wins over `defaults`; the message names where the value came from.
  const from = (key: (typeof NODE_DEFAULT_KEYS)[number]) => (own.has(key) ? own : defaults);
  const name = own.text('name', { oneLine: true });
  if (!NODE_NAME.test(name)) throw own.error('name', 'letters, digits, ".", "_" and "-" only');
  const host = own.text('host', { oneLine: true });
  const target = paths.remote(own, 'target');
  const filesSection = own.section('files');
  const files = filesSection === undefined ? shared : paths.fileSet(filesSection);
  if (files === undefined) throw own.error('files', 'is required when the plan has no shared `files`');
  const knownHosts = from('known_hosts');
  const backupDir = from('backup_dir');
  const node: PlanNode = {
    name,
    host,
    port: from('port').integer('port', { min: 1, max: 65535, fallback: 22 }),
    user: from('user').text('user', { oneLine: true }),
    identityFile: paths.local(from('identity_file'), 'identity_file'),
    knownHosts:
      !knownHosts.has('known_hosts') && context.knownHostsOptional ? undefined : paths.local(knownHosts, 'known_hosts'),
    target,
    backupDir: backupDir.has('backup_dir') ? paths.remote(backupDir, 'backup_dir') : undefined,
    reload: from('reload').text('reload', { oneLine: true }),
    reloadTimeoutSeconds: from('reload_timeout').integer('reload_timeout', {
      min: 1,
      max: 86_400,
      fallback: DEFAULT_COMMAND_TIMEOUT,
    }),
    probe: readProbe(own, defaults, host),
    files,
  };
  return node;
}

/** A node's probe fields complete the defaults' (a node often changes only server_name). */
function readProbe(own: ConfigFields, defaults: ConfigFields, nodeHost: string): PlanProbe {
  const mine = own.section('probe');
  const shared = defaults.section('probe');
  const fields = mine && shared ? mine.over(shared) : (mine ?? shared);
  if (fields === undefined) throw defaults.missing('probe');
  fields.only(['host', 'port', 'server_name', 'timeout']);
  return {
    host: fields.optionalText('host', { oneLine: true }) ?? nodeHost,
    port: fields.integer('port', { min: 1, max: 65535 }),
    serverName: fields.optionalText('server_name', { oneLine: true }),
    timeoutSeconds: fields.integer('timeout', { min: 1, max: 3600, fallback: DEFAULT_PROBE_TIMEOUT }),
  };
}

function readCommands(root: ConfigFields, list: 'before' | 'after', nodes: ReadonlySet<string>): PlanCommand[] {
  return root.sections(list).map((fields) => {
    fields.only(['node', 'run', 'timeout']);
    const node = fields.text('node', { oneLine: true });
    if (!nodes.has(node)) throw fields.error('node', `"${node}" is not a node of this plan`);
    return {
      node,
      run: fields.text('run', { oneLine: true }),
      timeoutSeconds: fields.integer('timeout', { min: 1, max: 86_400, fallback: DEFAULT_COMMAND_TIMEOUT }),
    };
  });
}
