import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { WorkflowError } from '../errors.js';
import type { Warning } from '../progress.js';
import type { SecretRef, WorkflowConfig } from './config.js';
import { firstDifference, hashPaths, sha256Hex } from './hashes.js';
import { lockState } from './lock.js';
import type { PushBoardFiles } from './push-board-files.js';
import { loadState, saveState, type WorkflowState } from './state.js';
import type { StepResult } from './step-results.js';
import type { Step, StepContext, StepFailure, StepSecrets } from './step.js';
import { STEPS } from './steps/index.js';
import { removeStrayStateTemps, removeStrayTempFiles } from './strays.js';

/** One secret the steps about to run need; the caller says where it comes from. */
export interface SecretNeed {
  /** The config field, for messages: `key.passphrase`. */
  field: 'key.passphrase' | 'ca.lab.passphrase' | 'ca.storepass' | 'devices.passphrase' | 'devices.password';
  /** Where the config says it comes from; undefined when the config names no source. */
  ref: SecretRef | undefined;
  /** What it is, for a prompt: `passphrase for server.key`. */
  purpose: string;
  /** Being set (a new key): a prompt asks twice. */
  confirm: boolean;
}

/** What happens as a run goes, for a display: steps passed over, started, their notes, how each ended. */
export type WorkflowEvent =
  | { type: 'passed'; step: Step; action: 'skip' | 'already-done'; reason: string }
  | { type: 'start'; step: Step }
  | { type: 'note'; step: Step; line: string }
  | { type: 'end'; step: Step; status: Exclude<StepStatus, 'skipped' | 'already-done' | 'not-run'>; message: string };

/** What `runWorkflow` is asked to do. */
export interface WorkflowRunOptions {
  config: WorkflowConfig;
  /** Absolute path of the state file. */
  statePath: string;
  /** Redo from this step on, whatever the state says; undefined: continue where the state stopped. */
  from?: number | undefined;
  /** Stop after this step (default 8). */
  to?: number;
  /** Look at steps from this one on, without redoing finished ones (the wizard's one step at a time). */
  first?: number;
  /**
   * The secrets of the steps about to run, asked for (or checked) once, before the first step runs;
   * each is read when a step needs it.
   */
  secrets: (needs: readonly SecretNeed[]) => Promise<StepSecrets>;
  /** Step 8's device push; without one, step 8 cannot run. */
  pushBoardFiles?: PushBoardFiles;
  /** The environment a reload command runs with (default: none of this process's). */
  env?: Record<string, string | undefined>;
  now?: () => Date;
  onEvent?: (event: WorkflowEvent) => void;
  /** A crash point (after each step of install's swap); tests only. */
  checkpoint?: (label: string) => Promise<void>;
}

/** How a step ended in a run, or why it did not run. */
export type StepStatus = 'done' | 'already-done' | 'skipped' | 'pending' | 'paused' | 'failed' | 'not-run';

/** One step's part in a run. */
export interface StepReport {
  step: string;
  name: string;
  status: StepStatus;
  message: string;
  result?: StepResult;
  /** Why it failed, when it failed without an error. */
  failure?: StepFailure;
  warnings?: Warning[];
}

/** How a run ended: `finished`, `paused` (waiting for the CA) or `failed` (a step's check said no). */
export interface WorkflowRunResult {
  status: 'finished' | 'paused' | 'failed';
  steps: StepReport[];
}

type Plan = { step: Step; action: 'run' | 'skip' | 'already-done'; reason: string };

/**
 * Runs the steps in [from, to] in order. A step that finished before (by the state file) and whose
 * settings, inputs and outputs are unchanged is not run again; one that changed stops the run
 * before anything happens (ERR_WORKFLOW_STALE) — unless `from` asks to redo it. Once a step runs,
 * every later one runs too, since each builds on the one before. A step whose check fails ends the
 * run with status `failed`; an error (unreadable input, a refused install) is thrown.
 *
 * @throws WorkflowError ERR_WORKFLOW_STALE, ERR_WORKFLOW_LOCKED, ERR_WORKFLOW_STATE_INVALID; the steps' errors
 */
export async function runWorkflow(options: WorkflowRunOptions): Promise<WorkflowRunResult> {
  const unlock = await lockState(options.statePath);
  try {
    return await runLocked(options);
  } finally {
    await unlock();
  }
}

async function runLocked(options: WorkflowRunOptions): Promise<WorkflowRunResult> {
  const { config, statePath } = options;
  const now = options.now ?? (() => new Date());
  const emit = options.onEvent ?? (() => undefined);
  const state = await loadState(config.baseDir, statePath);
  if (options.from !== undefined) rememberFirstStep(state, options.from);
  await removeStrayStateTemps(statePath);
  const plan = await planSteps(options, state);
  const secrets = await options.secrets(await secretNeeds(config, plan));
  const reports: StepReport[] = [];
  for (const [index, { step, action, reason }] of plan.entries()) {
    if (action !== 'run') {
      emit({ type: 'passed', step, action, reason });
      reports.push({
        step: step.label,
        name: step.name,
        status: action === 'skip' ? 'skipped' : 'already-done',
        message: reason,
      });
      continue;
    }
    emit({ type: 'start', step });
    const warnings: Warning[] = [];
    const context: StepContext = {
      config,
      cwd: config.baseDir,
      env: options.env ?? {},
      now,
      secrets,
      rerun: false,
      pushBoardFiles: options.pushBoardFiles,
      checkpoint: options.checkpoint ?? (async () => undefined),
      progress: {
        note: (line) => emit({ type: 'note', step, line }),
        warn: (code, message) => {
          warnings.push({ code, message });
          emit({ type: 'note', step, line: `warning: ${message}` });
        },
      },
    };
    const report = await runStep(step, state, options, context, now, warnings);
    reports.push(report);
    const status = report.status as 'done' | 'pending' | 'paused' | 'failed';
    emit({ type: 'end', step, status, message: report.message });
    if (status === 'failed' || status === 'paused') {
      for (const later of plan.slice(index + 1)) {
        reports.push({ step: later.step.label, name: later.step.name, status: 'not-run', message: 'not run' });
      }
      return { status, steps: reports };
    }
  }
  return { status: 'finished', steps: reports };
}

async function runStep(
  step: Step,
  state: WorkflowState,
  options: WorkflowRunOptions,
  base: StepContext,
  now: () => Date,
  warnings: Warning[],
): Promise<StepReport> {
  const { config, statePath } = options;
  const key = String(step.id);
  const previous = state.steps[key];
  // Every later step builds on this one: their records no longer describe what is on disk.
  // A check builds nothing, so it leaves them be.
  if (!step.alwaysRun) {
    for (const later of STEPS.filter((other) => other.id > step.id)) delete state.steps[String(later.id)];
  }
  state.steps[key] = {
    status: 'started',
    startedAt: now().toISOString(),
    settings: settingsHash(step, config),
    inputs: {},
    outputs: {},
  };
  await saveState(config.baseDir, statePath, state);
  if (previous?.status === 'started' && !step.recoversItself) {
    const removed = await removeStrayTempFiles(config.baseDir, step.outputs(config));
    if (removed.length > 0) base.progress.note(`removed ${removed.length} temp file(s) left by the interrupted run`);
  }
  const outcome = await step.run({ ...base, rerun: previous !== undefined });
  const report: StepReport = {
    step: step.label,
    name: step.name,
    status: outcome.status,
    message: outcome.message,
    result: outcome.result,
    ...(outcome.status === 'failed' ? { failure: outcome.failure } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  if (outcome.status === 'failed') return report;
  if (outcome.status === 'pending') {
    delete state.steps[key];
  } else {
    state.steps[key] = {
      status: outcome.status,
      startedAt: state.steps[key]?.startedAt ?? now().toISOString(),
      finishedAt: now().toISOString(),
      settings: settingsHash(step, config),
      inputs: await hashPaths(config.baseDir, await step.inputs(config)),
      outputs: await hashPaths(config.baseDir, step.outputs(config)),
      result: outcome.result,
    };
  }
  await saveState(config.baseDir, statePath, state);
  return report;
}

/**
 * `from` redoes steps in this run only. It is remembered as where the workflow starts (later plain
 * runs start there too) only when no earlier step was ever done: a workflow begun at step 2 with a
 * key made elsewhere must not make a key of its own later; one redone from step 8 must still look
 * at steps 1–7 next time.
 */
function rememberFirstStep(state: WorkflowState, from: number): void {
  const earlierDone = Object.entries(state.steps).some(([id, record]) => Number(id) < from && record.status === 'done');
  if (!earlierDone) state.firstStep = Math.min(state.firstStep ?? from, from);
}

async function planSteps(options: WorkflowRunOptions, state: WorkflowState): Promise<Plan[]> {
  const { config } = options;
  const from = options.from ?? options.first ?? state.firstStep ?? 1;
  const to = options.to ?? 8;
  const steps = STEPS.filter((step) => step.id >= (from === 7 ? 6 : from) && step.id <= to);
  const plan: Plan[] = [];
  let running = false;
  for (const step of steps) {
    const skip = step.skipReason(config);
    if (skip !== undefined) {
      plan.push({ step, action: 'skip', reason: skip });
      continue;
    }
    const record = state.steps[String(step.id)];
    const forced = options.from !== undefined;
    // A check (steps 6–7) runs every time, but running it changes nothing later steps build on.
    if (running || forced || step.alwaysRun || record?.status !== 'done') {
      running ||= !step.alwaysRun;
      plan.push({ step, action: 'run', reason: '' });
      continue;
    }
    const change = await changeSince(step, config, record);
    if (change !== undefined) {
      throw new WorkflowError(
        'ERR_WORKFLOW_STALE',
        `step ${step.label} (${step.name}) finished before, but ${change} since; to redo it and what follows, run again with --from-step ${step.id}`,
        { field: `step ${step.label}` },
      );
    }
    plan.push({ step, action: 'already-done', reason: `already done (${record.finishedAt ?? 'earlier'}), unchanged` });
  }
  return plan;
}

/** What changed since a step finished: its settings, or a file it read or wrote; undefined if nothing. */
async function changeSince(
  step: Step,
  config: WorkflowConfig,
  record: WorkflowState['steps'][string],
): Promise<string | undefined> {
  if (record.settings !== settingsHash(step, config)) return `its settings in ${config.source} changed`;
  const input = firstDifference(record.inputs, await hashPaths(config.baseDir, await step.inputs(config)));
  if (input !== undefined) return `${input} changed`;
  const output = firstDifference(record.outputs, await hashPaths(config.baseDir, step.outputs(config)));
  if (output !== undefined) return `${output} changed`;
  return undefined;
}

/** Secret sources are not settings: moving a passphrase from a file to a variable changes nothing done. */
function settingsHash(step: Step, config: WorkflowConfig): string {
  const text = JSON.stringify(step.settings(config) ?? null, (name, value) =>
    ['passphrase', 'storepass', 'password'].includes(name) ? undefined : value,
  );
  return sha256Hex(text);
}

/** Every secret the steps about to run need, in a fixed order. */
async function secretNeeds(config: WorkflowConfig, plan: readonly Plan[]): Promise<SecretNeed[]> {
  const runs = (id: number) => plan.some((entry) => entry.step.id === id && entry.action === 'run');
  const keyUsed = config.key.encrypt && [1, 2, 4, 5, 6].some(runs);
  const lab = config.ca.mode === 'lab' ? config.ca : undefined;
  const caUsed = lab?.encrypt === true && runs(3);
  const caIsNew = lab !== undefined && !(await exists(resolve(config.baseDir, join(lab.dir, 'root.key'))));
  return [
    {
      field: 'key.passphrase',
      ref: keyUsed ? config.key.passphrase : undefined,
      purpose: `passphrase for ${config.key.file}`,
      confirm: runs(1),
    },
    {
      field: 'ca.lab.passphrase',
      ref: caUsed ? lab.passphrase : undefined,
      purpose: 'passphrase for the lab CA keys',
      confirm: caIsNew,
    },
    {
      field: 'ca.storepass',
      ref: config.ca.mode === 'external' && runs(4) ? config.ca.storepass : undefined,
      purpose: "password of the CA's PKCS#12 file",
      confirm: false,
    },
    {
      field: 'devices.passphrase',
      ref: runs(8) ? config.devices?.passphrase : undefined,
      purpose: 'passphrase for board_pkey.pem',
      confirm: false,
    },
    {
      field: 'devices.password',
      ref: runs(8) ? config.devices?.password : undefined,
      purpose: 'device password',
      confirm: false,
    },
  ];
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
