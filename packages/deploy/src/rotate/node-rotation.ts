import {
  type InstallFile,
  INSTALL_JOURNAL_NAME,
  INSTALL_MANAGED_NAMES,
  type InstallFileSystem,
  type InstallStepHook,
  installServerSet,
  INSTALL_CERT_MODE,
  INSTALL_FILES,
  INSTALL_KEY_MODE,
  recoverInstall,
  swapFiles,
} from '@certwright/core';
import { X509Certificate } from 'node:crypto';
import { posix } from 'node:path';
import { RotateError } from '../errors.js';
import type { LoadedSet } from './file-sets.js';
import type { NodeRecord, RotateJournal } from './journal.js';
import type { PlanNode } from './plan.js';
import { describe, probeUntilServed } from './probe.js';
import { describeExit, outputTail, type SshSession } from '../ssh/ssh-session.js';

/** What one node's rotation needs. */
export interface NodeRotation {
  node: PlanNode;
  set: LoadedSet;
  session: SshSession;
  fs: InstallFileSystem;
  journal: RotateJournal;
  /** Progress for the person at the terminal. */
  note: (message: string) => void;
  now: () => Date;
  /** When the set must be valid. */
  at: Date;
  /** Called after every step that changes something (test-only crash points; a no-op otherwise). */
  checkpoint: (label: string) => Promise<void>;
}

/** How a node ended. */
export type NodeOutcome =
  | { status: 'rotated'; served: string }
  | {
      status: 'rolled-back';
      /** Why the new set was taken out. */
      reason: string;
      /** What the node does now with its previous set. */
      restored: string;
    };

/**
 * Rotates one node, or continues an interrupted rotation of it: finish any interrupted swap on
 * the node, swap the new set in with the install engine, run the reload command, probe the HTTPS
 * port; when the reload or the probe fails, swap the previous set back and reload again. Every
 * phase is in the journal before it starts, so a rerun with --resume picks up where a kill hit.
 */
export async function rotateNode(rotation: NodeRotation): Promise<NodeOutcome> {
  const { node, journal } = rotation;
  await recoverNode(rotation);
  const record = journal.node(node.name);
  if (record.phase === 'rolling-back') {
    return rollBack(rotation, record.failure ?? 'an earlier run was rolling this node back');
  }
  const continuing = record.phase === 'swapping' || record.phase === 'reloading';
  if (continuing && record.backup !== undefined && (await holdsSet(rotation.fs, node.target, rotation.set.files))) {
    rotation.note(`${node.name}: the new set is already in ${node.target} (continuing)`);
  } else {
    await swapIn(rotation);
  }
  await journal.setNode(node.name, { phase: 'reloading' });
  const failure = await reloadAndProbe(rotation);
  if (failure === undefined) {
    await journal.setNode(node.name, { phase: 'rotated', failure: undefined, failureCode: undefined });
    return { status: 'rotated', served: describe(rotation.set.serverDer) };
  }
  await journal.setNode(node.name, { phase: 'rolling-back', failure: failure.message, failureCode: failure.code });
  return rollBack(rotation, failure.message);
}

/**
 * Finishes a swap a kill interrupted on the node (the install engine's own journal says how).
 * First notes where that swap backs the previous set up, in case the kill came before our
 * journal knew it.
 */
async function recoverNode(rotation: NodeRotation): Promise<void> {
  const { fs, node, journal } = rotation;
  const pending = await fs.readFile(posix.join(node.target, INSTALL_JOURNAL_NAME));
  if (pending !== undefined && journal.node(node.name).backup === undefined) {
    const backup = backupOf(pending);
    if (backup !== undefined) await journal.setNode(node.name, { backup });
  }
  const recovery = await recoverInstall(fs, node.target, { onStep: engineSteps(rotation) });
  if (recovery.finished) rotation.note(`${node.name}: finished an interrupted ${recovery.finished.purpose} swap`);
}

/** The backup an install journal (JSON) names: a directory, or null when there was no previous set. */
function backupOf(journalBytes: Uint8Array): string | null | undefined {
  try {
    const journal = JSON.parse(new TextDecoder().decode(journalBytes)) as {
      purpose?: string;
      backupDir?: string | null;
      previous?: unknown[];
    };
    if (journal.purpose !== 'install') return undefined;
    return Array.isArray(journal.previous) && journal.previous.length > 0 ? (journal.backupDir ?? undefined) : null;
  } catch {
    // recoverInstall reports a broken journal with its own error.
    return undefined;
  }
}

/** The install engine's swap over SFTP: stage in the target, journal, back up, rename in one by one. */
async function swapIn(rotation: NodeRotation): Promise<void> {
  const { node, journal, set, fs } = rotation;
  await journal.setNode(node.name, {
    phase: 'swapping',
    backup: undefined,
    failure: undefined,
    failureCode: undefined,
  });
  rotation.note(`${node.name}: uploading and swapping the new set into ${node.target}`);
  const result = await installServerSet({
    fs,
    target: node.target,
    certificates: set.certificates,
    keyFile: set.keyFile,
    key: set.key,
    ...(node.backupDir === undefined ? {} : { backupRoot: node.backupDir }),
    now: rotation.now,
    at: rotation.at,
    onStep: async (step) => {
      // The swap's journal is on the node now and nothing is replaced yet: remember the backup.
      if (step.phase === 'journal') {
        const pending = await fs.readFile(posix.join(node.target, INSTALL_JOURNAL_NAME));
        const backup = pending === undefined ? undefined : backupOf(pending);
        if (backup !== undefined) await journal.setNode(node.name, { backup });
      }
      await engineSteps(rotation)(step);
    },
  });
  await journal.setNode(node.name, { backup: result.backupDir });
  if (!(await holdsSet(fs, node.target, set.files))) {
    throw new RotateError(
      'ERR_ROTATE_UPLOAD_MISMATCH',
      `${node.name}: after the swap, ${node.target} does not hold the new set byte for byte`,
    );
  }
}

/** The install engine's steps, passed on as checkpoints. */
function engineSteps(rotation: NodeRotation, swap = ''): InstallStepHook {
  const prefix = swap === '' ? '' : `${swap} `;
  return (step) =>
    rotation.checkpoint(`${rotation.node.name}: ${prefix}${step.phase}${step.name ? ` ${step.name}` : ''}`);
}

/** Why a node's new set was taken out again. */
interface NodeFailure {
  code: NonNullable<NodeRecord['failureCode']>;
  message: string;
}

/** Runs the reload command and probes; returns why it failed, or undefined when the node serves the new certificate. */
async function reloadAndProbe(rotation: NodeRotation): Promise<NodeFailure | undefined> {
  const { node, session, set } = rotation;
  rotation.note(`${node.name}: reloading (${node.reload})`);
  const reload = await session.exec(node.reload, node.reloadTimeoutSeconds * 1000).catch((error: Error) => error);
  await rotation.checkpoint(`${node.name}: reload ran`);
  if (reload instanceof Error) return { code: 'ERR_ROTATE_RELOAD_FAILED', message: reload.message };
  if (reload.lingering) rotation.note(`${node.name}: warning: the reload left a process holding its output open`);
  if (reload.exitCode !== 0) {
    return {
      code: 'ERR_ROTATE_RELOAD_FAILED',
      message: `the reload command ${describeExit(reload)}${outputTail(reload.output)}`,
    };
  }
  const where = `${node.probe.host}:${node.probe.port}`;
  rotation.note(`${node.name}: probing ${where}`);
  const probe = await probeUntilServed(node.probe, set.serverDer);
  if (probe.matched) return undefined;
  return {
    code: 'ERR_ROTATE_PROBE_MISMATCH',
    message: `after the reload ${where} serves ${probe.served}, not the new server.crt (${describe(set.serverDer)})`,
  };
}

/**
 * Puts the previous set back with the engine's journaled swap, reloads again and probes for the
 * previous certificate. Resumable: a swap the kill interrupted was finished by recoverNode.
 */
async function rollBack(rotation: NodeRotation, reason: string): Promise<NodeOutcome> {
  const { node, fs, journal, session } = rotation;
  rotation.note(`${node.name}: FAILED: ${reason}`);
  rotation.note(`${node.name}: rolling back to the previous set`);
  const previous = await previousSet(rotation);
  const previousFiles = new Map(previous.map((file) => [file.name, file.data]));
  if (!(await holdsSet(fs, node.target, previousFiles))) {
    await swapFiles(fs, {
      target: node.target,
      files: previous,
      backupDir: null,
      purpose: 'rollback',
      startedAt: rotation.now(),
      onStep: engineSteps(rotation, 'rollback'),
    });
  }
  const reload = await session.exec(node.reload, node.reloadTimeoutSeconds * 1000).catch((error: Error) => error);
  await rotation.checkpoint(`${node.name}: rollback reload ran`);
  let restored: string;
  if (reload instanceof Error || reload.exitCode !== 0) {
    const why = reload instanceof Error ? reload.message : `${describeExit(reload)}${outputTail(reload.output)}`;
    restored = `previous set back in ${node.target}, but reloading it failed too (${why})`;
  } else {
    restored = await probePrevious(rotation, previousFiles.get(INSTALL_FILES.server));
  }
  await journal.setNode(node.name, { phase: 'rolled-back' });
  rotation.note(`${node.name}: ${restored}`);
  return { status: 'rolled-back', reason, restored };
}

/** The files the target held before the swap, from the backup the swap made. */
async function previousSet(rotation: NodeRotation): Promise<InstallFile[]> {
  const { node, fs } = rotation;
  const backup = rotation.journal.node(node.name).backup;
  if (backup === null) return [];
  if (backup === undefined) {
    throw new RotateError(
      'ERR_ROTATE_JOURNAL_INVALID',
      `${node.name}: the journal does not say where the previous set was backed up; restore ${node.target} from the newest backup by hand`,
    );
  }
  const files: InstallFile[] = [];
  for (const name of INSTALL_MANAGED_NAMES) {
    const data = await fs.readFile(posix.join(backup, name));
    if (data !== undefined)
      files.push({ name, data, mode: name === INSTALL_FILES.key ? INSTALL_KEY_MODE : INSTALL_CERT_MODE });
  }
  if (files.length === 0) {
    throw new RotateError('ERR_SSH_SFTP', `${node.name}: the backup ${backup} holds no files; cannot roll back`);
  }
  return files;
}

async function probePrevious(rotation: NodeRotation, serverPem: Uint8Array | undefined): Promise<string> {
  const { node } = rotation;
  if (serverPem === undefined)
    return `the new files were removed from ${node.target} (it held no set before) and the node reloaded`;
  const der = new Uint8Array(new X509Certificate(Buffer.from(serverPem)).raw);
  const probe = await probeUntilServed(node.probe, der);
  return probe.matched
    ? `previous set back in ${node.target}; the node serves its previous certificate again`
    : `previous set back in ${node.target} and reloaded, but ${node.probe.host}:${node.probe.port} serves ${probe.served}`;
}

/** True when every managed name in the target is exactly `files` (no more, no less). */
async function holdsSet(
  fs: InstallFileSystem,
  target: string,
  files: ReadonlyMap<string, Uint8Array>,
): Promise<boolean> {
  for (const name of INSTALL_MANAGED_NAMES) {
    const present = await fs.readFile(posix.join(target, name));
    const wanted = files.get(name);
    if (present === undefined || wanted === undefined) {
      if (present !== wanted) return false;
    } else if (!Buffer.from(present).equals(Buffer.from(wanted))) {
      return false;
    }
  }
  return true;
}
