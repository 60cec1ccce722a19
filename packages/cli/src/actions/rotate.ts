import { CertwrightError } from '@certwright/core';
import { dirname, resolve } from 'node:path';
import { exitCodeFor } from '../error-exit-code.js';
import { ExitCode } from '../exit-codes.js';
import { readUserFile } from '../io/files.js';
import type { Io } from '../io/io.js';
import { Output } from '../io/output.js';
import type { SecretSource } from '../io/secrets.js';
import { humanPlan, planActions } from '../rotate/dry-run.js';
import { RotateError } from '../rotate/errors.js';
import { type LoadedSet, loadSets, rotationDigest } from '../rotate/file-sets.js';
import { RotateJournal } from '../rotate/journal.js';
import { type KnownHostEntry, parseKnownHosts } from '../rotate/known-hosts.js';
import { parsePlan, type RotatePlan } from '../rotate/plan.js';
import { buildReport, humanReport, type RotationReport } from '../rotate/report.js';
import { type RotationResult, runRotation } from '../rotate/run.js';
import { readSshIdentity, type SshIdentity } from '../rotate/ssh-identity.js';

export interface RotateOptions {
  plan: string;
  /** Default: the plan's path with `.journal` appended. */
  journal: string | undefined;
  dryRun: boolean;
  resume: boolean;
  insecureSkipHostKeyCheck: boolean;
  /** The server key's passphrase, when it is encrypted. */
  passphrase: SecretSource;
  /** The SSH identity key's passphrase, when it is encrypted. */
  sshPassphrase: SecretSource;
  json: boolean;
}

/** What a run works from, all read and checked before any node is touched. */
interface Prepared {
  plan: RotatePlan;
  journalPath: string;
  /** The journal an earlier, unfinished run left; undefined for a fresh run. */
  existing: RotateJournal | undefined;
  sets: Map<string, LoadedSet>;
  digest: string;
  /** By file; undefined with --insecure-skip-host-key-check. */
  knownHosts: Map<string, KnownHostEntry[]> | undefined;
  at: Date;
}

/**
 * `certwright rotate`: rotates the server certificate set of an OVOC HA pair, one node at a
 * time, over SSH/SFTP, under a local journal. Everything is read and checked before any node is touched.
 */
export async function rotatePair(options: RotateOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const prepared = await prepare(options, io, output);
  if (options.dryRun) {
    if (prepared.existing && !options.resume) {
      output.note(`${prepared.journalPath} records an unfinished run: add --resume to see what it would still do`);
    }
    const journalState = options.resume ? prepared.existing?.state : undefined;
    const actions = planActions(prepared.plan, prepared.sets, journalState, prepared.knownHosts);
    output.result({ plan: options.plan, dryRun: true, actions }, humanPlan(options.plan, actions));
    return ExitCode.ok;
  }
  return runAndReport(prepared, options, io, output);
}

/** Reads and checks the plan, the journal, every set and the known_hosts files. */
async function prepare(options: RotateOptions, io: Io, output: Output): Promise<Prepared> {
  const planText = Buffer.from(await readUserFile(io.cwd, options.plan)).toString('utf8');
  const plan = parsePlan(planText, {
    source: options.plan,
    baseDir: dirname(resolve(io.cwd, options.plan)),
    home: io.env.HOME,
    knownHostsOptional: options.insecureSkipHostKeyCheck,
  });
  const journalPath = options.journal ?? `${options.plan}.journal`;
  const existing = await RotateJournal.load(journalPath, io.cwd, io.now);
  checkJournalUse(existing, options, journalPath);
  const at = io.now();
  const sets = await loadSets(
    plan.nodes.map((node) => node.files),
    options.passphrase,
    at,
    io,
    output,
  );
  const digest = rotationDigest(planText, sets.values());
  if (existing && existing.state.digest !== digest) {
    throw new RotateError(
      'ERR_ROTATE_JOURNAL_PLAN_CHANGED',
      `${journalPath}: the plan or the files it installs changed since the interrupted run; restore them, or remove the journal after checking every node by hand`,
      { source: journalPath },
    );
  }
  if (options.insecureSkipHostKeyCheck) {
    output.warn(
      'WARN_SSH_HOST_KEY_UNCHECKED',
      'SSH host keys are NOT checked (--insecure-skip-host-key-check): anyone between here and the nodes can receive the private key',
    );
  }
  const knownHosts = options.insecureSkipHostKeyCheck ? undefined : await readKnownHosts(plan, io);
  return { plan, journalPath, existing, sets, digest, knownHosts, at };
}

/** Runs the steps the journal has not done, then reports what each node holds. */
async function runAndReport(prepared: Prepared, options: RotateOptions, io: Io, output: Output): Promise<ExitCode> {
  const { plan, existing } = prepared;
  const journal =
    existing ??
    RotateJournal.fresh(
      prepared.journalPath,
      io.cwd,
      {
        digest: prepared.digest,
        before: plan.before.length,
        nodes: plan.nodes.map((node) => node.name),
        after: plan.after.length,
      },
      io.now,
    );
  // Crash points for the crash checks (see Io.checkpoint); nothing for users.
  const checkpoint = io.checkpoint ?? (async () => undefined);
  journal.afterSave = checkpoint;
  const result = await runRotation({
    plan,
    sets: prepared.sets,
    identities: await readIdentities(plan, options.sshPassphrase, io),
    knownHosts: prepared.knownHosts,
    journal,
    note: (message) => output.note(message),
    now: io.now,
    at: prepared.at,
    checkpoint,
  });
  const report = buildReport(plan, journal.state, result);
  // A finished rotation needs no journal; nor does one that never started a step.
  const keepJournal = !report.complete && (existing !== undefined || journal.started);
  if (!keepJournal) await journal.remove();
  const error = failureOf(result, io, output);
  output.result(
    {
      ok: report.complete,
      plan: options.plan,
      journal: keepJournal ? prepared.journalPath : null,
      resumed: existing !== undefined,
      ...report,
      ...(error === undefined ? {} : { error }),
    },
    humanReport(options.plan, report),
  );
  return exitCode(report, result);
}

/** A run over an unfinished journal must say --resume; --resume needs a journal. */
function checkJournalUse(existing: RotateJournal | undefined, options: RotateOptions, path: string): void {
  if (existing && !options.resume && !options.dryRun) {
    throw new RotateError(
      'ERR_ROTATE_JOURNAL_UNFINISHED',
      `${path}: an earlier rotation of this plan did not finish; run again with --resume to continue it (see the journal for where it stopped)`,
      { source: path },
    );
  }
  if (!existing && options.resume) {
    throw new RotateError('ERR_ROTATE_JOURNAL_MISSING', `${path}: no journal to resume; run without --resume`, {
      source: path,
    });
  }
}

/** Each distinct identity file once, passphrases asked before any node is touched. */
async function readIdentities(plan: RotatePlan, source: SecretSource, io: Io): Promise<Map<string, SshIdentity>> {
  const identities = new Map<string, SshIdentity>();
  for (const node of plan.nodes) {
    if (!identities.has(node.identityFile)) {
      identities.set(node.identityFile, await readSshIdentity(node.identityFile, source, io));
    }
  }
  return identities;
}

async function readKnownHosts(plan: RotatePlan, io: Io): Promise<Map<string, KnownHostEntry[]>> {
  const files = new Map<string, KnownHostEntry[]>();
  for (const node of plan.nodes) {
    if (node.knownHosts !== undefined && !files.has(node.knownHosts)) {
      const text = Buffer.from(await readUserFile(io.cwd, node.knownHosts)).toString('utf8');
      files.set(node.knownHosts, parseKnownHosts(text));
    }
  }
  return files;
}

/** The error that stopped the run, told on stderr and returned for --json. */
function failureOf(result: RotationResult, io: Io, output: Output): Record<string, unknown> | undefined {
  const { error } = result;
  if (error === undefined) return undefined;
  const known = error instanceof CertwrightError;
  const message = known ? error.message : 'internal error (set CERTWRIGHT_DEBUG=1 for details)';
  output.note(`certwright: error: ${message}`);
  if (io.env.CERTWRIGHT_DEBUG === '1' && error instanceof Error && error.stack) output.note(error.stack);
  return known ? error.toJSON() : { code: 'ERR_INTERNAL', message };
}

/**
 * 0 complete; 5 when a node holds the new set and the run stopped (the pair is mixed or not
 * back in HA); 1 when a node was rolled back before any node changed; otherwise the error's code.
 */
function exitCode(report: RotationReport, result: RotationResult): ExitCode {
  if (report.complete) return ExitCode.ok;
  if (report.nodes.some((node) => node.state === 'new' || node.phase === 'reloading')) return ExitCode.partialFleet;
  if (result.stoppedAt) return ExitCode.checkFailed;
  return exitCodeFor(result.error);
}
