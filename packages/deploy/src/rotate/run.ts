import { RotateError } from '../errors.js';
import { type LoadedSet, setId } from './file-sets.js';
import type { RotateJournal } from './journal.js';
import type { KnownHostEntry } from '../ssh/known-hosts.js';
import { type NodeOutcome, rotateNode } from './node-rotation.js';
import type { PlanCommand, PlanNode, RotatePlan } from './plan.js';
import { SftpInstallFileSystem } from '../ssh/sftp-fs.js';
import type { SshIdentity } from '../ssh/ssh-identity.js';
import { describeExit, outputTail, SshSession } from '../ssh/ssh-session.js';

/** Everything a run needs, read and checked before any node is touched. */
export interface RotationInputs {
  plan: RotatePlan;
  sets: Map<string, LoadedSet>;
  /** By identity file path. */
  identities: Map<string, SshIdentity>;
  /** By known_hosts file path; undefined skips host-key checks (--insecure-skip-host-key-check). */
  knownHosts: Map<string, KnownHostEntry[]> | undefined;
  journal: RotateJournal;
  note: (message: string) => void;
  now: () => Date;
  at: Date;
  /** Called after every step that changes something (test-only crash points; a no-op otherwise). */
  checkpoint: (label: string) => Promise<void>;
}

/** How the run ended, step by step. */
export interface RotationResult {
  /** The node whose failure stopped the run, with how it ended; undefined when none failed. */
  stoppedAt?: { node: string; outcome: Extract<NodeOutcome, { status: 'rolled-back' }> };
  /** An error that stopped the run (SSH, SFTP, a failed pair-level command). */
  error?: unknown;
}

/**
 * Runs the plan's steps in order, skipping what the journal says is done: the `before`
 * commands, each node in turn (stopping at the first node that had to be rolled back), the
 * `after` commands. Returns instead of throwing, so the caller can always report the pair's state.
 */
export async function runRotation(inputs: RotationInputs): Promise<RotationResult> {
  const sessions = new Sessions(inputs);
  try {
    await runCommands(inputs, sessions, 'before');
    for (const node of inputs.plan.nodes) {
      if (inputs.journal.node(node.name).phase === 'rotated') {
        inputs.note(`${node.name}: already rotated (journal)`);
        continue;
      }
      const outcome = await rotateNodeOver(inputs, sessions, node);
      if (outcome.status === 'rolled-back') return { stoppedAt: { node: node.name, outcome } };
      inputs.note(`${node.name}: rotated; serves ${outcome.served}`);
    }
    await runCommands(inputs, sessions, 'after');
    return {};
  } catch (error) {
    return { error };
  } finally {
    sessions.closeAll();
  }
}

async function rotateNodeOver(inputs: RotationInputs, sessions: Sessions, node: PlanNode): Promise<NodeOutcome> {
  const session = await sessions.get(node);
  const fs = new SftpInstallFileSystem(await session.sftp(), node.name);
  return rotateNode({
    node,
    set: inputs.sets.get(setId(node.files)) as LoadedSet,
    session,
    fs,
    journal: inputs.journal,
    note: inputs.note,
    now: inputs.now,
    at: inputs.at,
    checkpoint: inputs.checkpoint,
  });
}

/** Pair-level commands; one that failed, or was running when a run was killed, runs again (they should be idempotent). */
async function runCommands(inputs: RotationInputs, sessions: Sessions, list: 'before' | 'after'): Promise<void> {
  const commands: PlanCommand[] = inputs.plan[list];
  for (const [index, command] of commands.entries()) {
    if (inputs.journal.state[list][index] === 'done') continue;
    const node = inputs.plan.nodes.find((candidate) => candidate.name === command.node) as PlanNode;
    const session = await sessions.get(node);
    await inputs.journal.setCommand(list, index, 'running');
    inputs.note(`${list}[${index}] on ${node.name}: ${command.run}`);
    const result = await session.exec(command.run, command.timeoutSeconds * 1000);
    await inputs.checkpoint(`${list}[${index}] ran`);
    if (result.lingering) inputs.note(`${list}[${index}]: warning: the command left a process holding its output open`);
    if (result.exitCode !== 0) {
      await inputs.journal.setCommand(list, index, 'failed');
      const status = `${describeExit(result)}${outputTail(result.output)}`;
      throw new RotateError('ERR_ROTATE_COMMAND_FAILED', `${list}[${index}] on ${node.name} ${status}`, {
        field: `${list}[${index}]`,
      });
    }
    await inputs.journal.setCommand(list, index, 'done');
  }
}

/** One SSH connection per node, opened when first needed and kept for the run. */
class Sessions {
  private readonly open = new Map<string, SshSession>();

  constructor(private readonly inputs: RotationInputs) {}

  async get(node: PlanNode): Promise<SshSession> {
    const existing = this.open.get(node.name);
    if (existing) return existing;
    this.inputs.note(`${node.name}: connecting to ${node.user}@${node.host}:${node.port}`);
    const session = await SshSession.connect({
      name: node.name,
      host: node.host,
      port: node.port,
      user: node.user,
      identity: this.inputs.identities.get(node.identityFile) as SshIdentity,
      knownHosts: node.knownHosts === undefined ? undefined : this.inputs.knownHosts?.get(node.knownHosts),
      knownHostsFile: node.knownHosts,
    });
    this.open.set(node.name, session);
    return session;
  }

  closeAll(): void {
    for (const session of this.open.values()) session.close();
    this.open.clear();
  }
}
