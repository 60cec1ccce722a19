import { dirname, resolve } from 'node:path';
import { RotateError } from '../errors.js';
import { readUserFile } from '../files/read.js';
import type { PassphraseSource } from '../keys/read-key-file.js';
import { type Progress, silentProgress } from '../progress.js';
import { type KnownHostEntry, parseKnownHosts } from '../ssh/known-hosts.js';
import { readSshIdentity, type SshIdentity } from '../ssh/ssh-identity.js';
import { type PlannedAction, planActions } from './dry-run.js';
import { type LoadedSet, loadSets, rotationDigest } from './file-sets.js';
import { RotateJournal } from './journal.js';
import { parsePlan, type RotatePlan } from './plan.js';
import { buildReport, type RotationReport } from './report.js';
import { runRotation } from './run.js';

/** What `rotatePair` is asked to do. */
export interface RotatePairOptions {
  /** The rotation plan (YAML); its relative paths resolve from its own directory. */
  plan: string;
  /** The directory `plan` and `journal` are relative to. */
  cwd: string;
  /** Where the run records its progress; default: the plan's path with `.journal` appended. */
  journal?: string | undefined;
  /** Read and check everything, list every action, change nothing and connect nowhere. */
  dryRun?: boolean;
  /** Continue the run the journal records (after a crash, a kill or a fixed failure). */
  resume?: boolean;
  /** Do NOT verify the nodes' SSH host keys (a warning says so). */
  insecureSkipHostKeyCheck?: boolean;
  /** The server key's passphrase, asked for only when the key is encrypted. */
  passphrase?: PassphraseSource;
  /** An SSH identity key's passphrase, asked for only when that key is encrypted. */
  sshPassphrase?: (identityFile: string) => Promise<string>;
  /** For `~/` in the plan's local paths. */
  home?: string | undefined;
  /** The clock. */
  now?: () => Date;
  progress?: Progress;
  /** Called at every crash point (after each journal save and each step of a swap); tests only. */
  checkpoint?: (label: string) => Promise<void>;
}

/** A dry run: what a run would do, in order. */
export interface RotationDryRun {
  dryRun: true;
  plan: string;
  actions: PlannedAction[];
}

/**
 * How a run ended: `complete` (every node serves the new set, the after commands ran), `mixed`
 * (a node holds the new set and the run stopped: the pair is mixed or not back in HA),
 * `rolled-back` (a node was rolled back before any node changed), `failed` (an error stopped the
 * run before any node changed; `error` says which).
 */
export type RotationEnd = 'complete' | 'mixed' | 'rolled-back' | 'failed';

/** A run: what each node holds, from the journal, and how the run ended. */
export interface RotationRun extends RotationReport {
  dryRun: false;
  plan: string;
  end: RotationEnd;
  /** The journal left for --resume; null once the rotation is complete (or never started). */
  journal: string | null;
  resumed: boolean;
  /** The error that stopped the run (SSH, SFTP, a failed pair-level command), if one did. */
  error?: unknown;
}

/** What `rotatePair` did. */
export type RotatePairResult = RotationDryRun | RotationRun;

/** What a run works from, all read and checked before any node is touched. */
interface Prepared {
  plan: RotatePlan;
  journalPath: string;
  /** The journal an earlier, unfinished run left; undefined for a fresh run. */
  existing: RotateJournal | undefined;
  sets: Map<string, LoadedSet>;
  digest: string;
  /** By file; undefined with insecureSkipHostKeyCheck. */
  knownHosts: Map<string, KnownHostEntry[]> | undefined;
  at: Date;
}

const NO_PASSPHRASE = async () => {
  throw new RotateError('ERR_SSH_IDENTITY', 'an encrypted key needs a passphrase and none was given');
};

/**
 * Rotates the server certificate set of an OVOC HA pair, one node at a time, over SSH/SFTP, under a
 * local journal: the plan's `before` commands, then per node upload, swap, reload and probe
 * (rolling that node back and stopping when the probe fails), then the `after` commands.
 * Everything is read and checked before any node is touched. A run returns instead of throwing once
 * it has begun, so the pair's state is always reported.
 *
 * @throws RotateError ERR_ROTATE_PLAN_* (a bad plan), ERR_ROTATE_JOURNAL_* (the journal used wrongly),
 *   ERR_SSH_IDENTITY; InstallError ERR_INSTALL_* (a set that would be refused); file and key errors
 * @example
 * const result = await rotatePair({ plan: 'ha.yaml', cwd: process.cwd(), passphrase: async () => secret });
 * if (!result.dryRun && result.end !== 'complete') console.log(result.pairState);
 */
export async function rotatePair(options: RotatePairOptions): Promise<RotatePairResult> {
  const progress = options.progress ?? silentProgress;
  const prepared = await prepare(options, progress);
  if (options.dryRun) {
    if (prepared.existing && !options.resume) {
      progress.note(`${prepared.journalPath} records an unfinished run: add --resume to see what it would still do`);
    }
    const journalState = options.resume ? prepared.existing?.state : undefined;
    const actions = planActions(prepared.plan, prepared.sets, journalState, prepared.knownHosts);
    return { plan: options.plan, dryRun: true, actions };
  }
  return run(prepared, options, progress);
}

/** Reads and checks the plan, the journal, every set and the known_hosts files. */
async function prepare(options: RotatePairOptions, progress: Progress): Promise<Prepared> {
  const now = options.now ?? (() => new Date());
  const planText = Buffer.from(await readUserFile(options.cwd, options.plan)).toString('utf8');
  const plan = await parsePlan(planText, {
    source: options.plan,
    baseDir: dirname(resolve(options.cwd, options.plan)),
    home: options.home,
    knownHostsOptional: options.insecureSkipHostKeyCheck === true,
  });
  const journalPath = options.journal ?? `${options.plan}.journal`;
  const existing = await RotateJournal.load(journalPath, options.cwd, now);
  checkJournalUse(existing, options, journalPath);
  const at = now();
  const sets = await loadSets(
    plan.nodes.map((node) => node.files),
    { cwd: options.cwd, passphrase: options.passphrase, at, progress },
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
    progress.warn(
      'WARN_SSH_HOST_KEY_UNCHECKED',
      'SSH host keys are NOT checked (--insecure-skip-host-key-check): anyone between here and the nodes can receive the private key',
    );
  }
  const knownHosts = options.insecureSkipHostKeyCheck ? undefined : await readKnownHosts(plan, options.cwd);
  return { plan, journalPath, existing, sets, digest, knownHosts, at };
}

/** Runs the steps the journal has not done, then reports what each node holds. */
async function run(prepared: Prepared, options: RotatePairOptions, progress: Progress): Promise<RotationRun> {
  const { plan, existing } = prepared;
  const now = options.now ?? (() => new Date());
  const journal =
    existing ??
    RotateJournal.fresh(
      prepared.journalPath,
      options.cwd,
      {
        digest: prepared.digest,
        before: plan.before.length,
        nodes: plan.nodes.map((node) => node.name),
        after: plan.after.length,
      },
      now,
    );
  const checkpoint = options.checkpoint ?? (async () => undefined);
  journal.afterSave = checkpoint;
  const result = await runRotation({
    plan,
    sets: prepared.sets,
    identities: await readIdentities(plan, options),
    knownHosts: prepared.knownHosts,
    journal,
    note: (message) => progress.note(message),
    now,
    at: prepared.at,
    checkpoint,
  });
  const report = buildReport(plan, journal.state, result);
  // A finished rotation needs no journal; nor does one that never started a step.
  const keepJournal = !report.complete && (existing !== undefined || journal.started);
  if (!keepJournal) await journal.remove();
  return {
    dryRun: false,
    plan: options.plan,
    end: endOf(report, result.stoppedAt !== undefined),
    journal: keepJournal ? prepared.journalPath : null,
    resumed: existing !== undefined,
    ...report,
    ...(result.error === undefined ? {} : { error: result.error }),
  };
}

function endOf(report: RotationReport, stopped: boolean): RotationEnd {
  if (report.complete) return 'complete';
  if (report.nodes.some((node) => node.state === 'new' || node.phase === 'reloading')) return 'mixed';
  return stopped ? 'rolled-back' : 'failed';
}

/** A run over an unfinished journal must say resume; resume needs a journal. */
function checkJournalUse(existing: RotateJournal | undefined, options: RotatePairOptions, path: string): void {
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
async function readIdentities(plan: RotatePlan, options: RotatePairOptions): Promise<Map<string, SshIdentity>> {
  const identities = new Map<string, SshIdentity>();
  for (const node of plan.nodes) {
    if (!identities.has(node.identityFile)) {
      const identity = await readSshIdentity(node.identityFile, {
        cwd: options.cwd,
        passphrase: options.sshPassphrase ?? NO_PASSPHRASE,
      });
      identities.set(node.identityFile, identity);
    }
  }
  return identities;
}

async function readKnownHosts(plan: RotatePlan, cwd: string): Promise<Map<string, KnownHostEntry[]>> {
  const files = new Map<string, KnownHostEntry[]>();
  for (const node of plan.nodes) {
    if (node.knownHosts !== undefined && !files.has(node.knownHosts)) {
      const text = Buffer.from(await readUserFile(cwd, node.knownHosts)).toString('utf8');
      files.set(node.knownHosts, parseKnownHosts(text));
    }
  }
  return files;
}
