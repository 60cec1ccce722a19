import { readFile, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../files/write.js';
import { RotateError } from '../errors.js';

/**
 * Where a node is in its rotation. The order is the order of the work:
 * pending → swapping (upload and swap by the install engine) → reloading (reload + probe) → rotated;
 * on a failed reload or probe: rolling-back → rolled-back (the previous set is back).
 */
export type NodePhase = 'pending' | 'swapping' | 'reloading' | 'rotated' | 'rolling-back' | 'rolled-back';

/** A pair-level command: not run yet, started (maybe interrupted), finished with exit 0, or failed. */
export type CommandPhase = 'pending' | 'running' | 'done' | 'failed';

export interface NodeRecord {
  name: string;
  phase: NodePhase;
  /**
   * The node's backup of its previous set, known once the swap's own journal is written: a
   * remote directory, null when the target held no set, undefined while not known.
   */
  backup?: string | null | undefined;
  /** Why it was rolled back, for the next run's report. */
  failure?: string | undefined;
  failureCode?: 'ERR_ROTATE_RELOAD_FAILED' | 'ERR_ROTATE_PROBE_MISMATCH' | undefined;
}

/** The rotation's progress, on local disk, rewritten atomically after every step. */
export interface JournalState {
  version: 1;
  /** Digest of the plan and every file it installs: --resume refuses if they changed. */
  digest: string;
  startedAt: string;
  updatedAt: string;
  before: CommandPhase[];
  nodes: NodeRecord[];
  after: CommandPhase[];
}

const NODE_PHASES: readonly NodePhase[] = [
  'pending',
  'swapping',
  'reloading',
  'rotated',
  'rolling-back',
  'rolled-back',
];
const COMMAND_PHASES: readonly CommandPhase[] = ['pending', 'running', 'done', 'failed'];

/** The rotation journal file: read, updated step by step, removed when the rotation is complete. */
export class RotateJournal {
  /** Called after each save (test-only crash points; a no-op otherwise). */
  afterSave: (label: string) => Promise<void> = async () => undefined;

  private constructor(
    /** As the user named it (or the default beside the plan), for messages. */
    readonly path: string,
    private readonly cwd: string,
    private current: JournalState,
    private readonly now: () => Date,
  ) {}

  /** A new journal for a fresh run: every step pending. Nothing is written until the first step starts. */
  static fresh(
    path: string,
    cwd: string,
    shape: { digest: string; before: number; nodes: readonly string[]; after: number },
    now: () => Date,
  ): RotateJournal {
    const at = now().toISOString();
    return new RotateJournal(
      path,
      cwd,
      {
        version: 1,
        digest: shape.digest,
        startedAt: at,
        updatedAt: at,
        before: Array.from({ length: shape.before }, () => 'pending'),
        nodes: shape.nodes.map((name) => ({ name, phase: 'pending' })),
        after: Array.from({ length: shape.after }, () => 'pending'),
      },
      now,
    );
  }

  /** The journal left by an earlier run, or undefined when there is none. */
  static async load(path: string, cwd: string, now: () => Date): Promise<RotateJournal | undefined> {
    let text: string;
    try {
      text = await readFile(resolve(cwd, path), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new RotateError('ERR_ROTATE_JOURNAL_INVALID', `${path}: cannot be read`, { source: path, cause: error });
    }
    return new RotateJournal(path, cwd, parseState(text, path), now);
  }

  get state(): Readonly<JournalState> {
    return this.current;
  }

  /** True when a step has begun: from then on the journal is what a rerun needs. */
  get started(): boolean {
    const s = this.current;
    return (
      s.before.some((p) => p !== 'pending') ||
      s.nodes.some((n) => n.phase !== 'pending') ||
      s.after.some((p) => p !== 'pending')
    );
  }

  node(name: string): NodeRecord {
    const record = this.current.nodes.find((node) => node.name === name);
    if (!record) throw new RotateError('ERR_ROTATE_JOURNAL_INVALID', `${this.path}: no record of node ${name}`);
    return record;
  }

  async setNode(name: string, change: Partial<Omit<NodeRecord, 'name'>>): Promise<void> {
    Object.assign(this.node(name), change);
    await this.save();
  }

  async setCommand(list: 'before' | 'after', index: number, phase: CommandPhase): Promise<void> {
    this.current[list][index] = phase;
    await this.save();
  }

  /** Written atomically (temp file + rename): a kill leaves the previous state or the new one. */
  async save(): Promise<void> {
    this.current.updatedAt = this.now().toISOString();
    const data = `${JSON.stringify(this.current, null, 2)}\n`;
    await writeFileAtomic(this.cwd, { path: this.path, data, mode: 0o600 }, true);
    await this.afterSave('journal saved');
  }

  async remove(): Promise<void> {
    await unlink(resolve(this.cwd, this.path)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}

function parseState(text: string, path: string): JournalState {
  const invalid = (problem: string) =>
    new RotateError(
      'ERR_ROTATE_JOURNAL_INVALID',
      `${path}: not a rotation journal (${problem}); remove it to start over`,
      {
        source: path,
      },
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('not JSON');
  }
  const state = value as Partial<JournalState>;
  if (state?.version !== 1) throw invalid('unknown version');
  if (typeof state.digest !== 'string' || typeof state.startedAt !== 'string') throw invalid('no digest');
  const phasesOk = (list: unknown, allowed: readonly string[]) =>
    Array.isArray(list) && list.every((phase) => allowed.includes(phase as string));
  if (!phasesOk(state.before, COMMAND_PHASES) || !phasesOk(state.after, COMMAND_PHASES)) throw invalid('bad commands');
  const nodesOk =
    Array.isArray(state.nodes) &&
    state.nodes.every(
      (node) =>
        typeof node?.name === 'string' &&
        NODE_PHASES.includes(node.phase) &&
        (node.backup === undefined || node.backup === null || typeof node.backup === 'string'),
    );
  if (!nodesOk) throw invalid('bad nodes');
  return state as JournalState;
}
