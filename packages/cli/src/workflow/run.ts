import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io/io.js';
import type { WorkflowConfig } from './config.js';
import { WorkflowError } from './errors.js';
import { firstDifference, hashPaths, sha256Hex } from './hashes.js';
import { resolveSecretSources, type SecretNeed } from './secret-sources.js';
import { lockState } from './lock.js';
import { loadState, saveState, type WorkflowState } from './state.js';
import { removeStrayStateTemps, removeStrayTempFiles } from './strays.js';
import type { Step, StepContext, StepSecrets } from './step.js';
import { STEPS } from './steps/index.js';

export interface RunRequest {
  config: WorkflowConfig;
  /** Absolute path of the state file. */
  statePath: string;
  /** Redo from this step on, whatever the state says; undefined: continue where the state stopped. */
  from: number | undefined;
  to: number;
  io: Io;
  /** Look at steps from this one on, without redoing finished ones (the wizard's one step at a time). */
  first?: number;
  /** Do not list finished and skipped steps on stderr. */
  quiet?: boolean;
  /** Secrets asked for on the terminal, kept across runs of one wizard session. */
  privateEnv?: Record<string, string | undefined>;
}

export type StepStatus = 'done' | 'already-done' | 'skipped' | 'pending' | 'paused' | 'failed' | 'not-run';

export interface StepReport {
  step: string;
  name: string;
  status: StepStatus;
  message: string;
  result?: Record<string, unknown>;
  warnings?: { code: string; message: string }[];
}

export interface RunReport {
  status: 'finished' | 'paused' | 'failed';
  exitCode: ExitCode;
  steps: StepReport[];
}

type Plan = { step: Step; action: 'run' | 'skip' | 'already-done'; reason: string };

/**
 * Runs the steps in [from, to] in order. A step that finished before (by the state file) and whose
 * settings, inputs and outputs are unchanged is not run again; one that changed stops the run
 * before anything happens (ERR_WORKFLOW_STALE) — unless --from-step asks to redo it. Once a step
 * runs, every later one runs too, since each builds on the one before.
 */
export async function runWorkflow(request: RunRequest): Promise<RunReport> {
  const unlock = await lockState(resolve(request.io.cwd, request.statePath));
  try {
    return await runLocked(request);
  } finally {
    await unlock();
  }
}

async function runLocked(request: RunRequest): Promise<RunReport> {
  const { config, io } = request;
  const state = await loadState(io.cwd, request.statePath);
  // Later runs start where --from-step said the workflow starts, not at step 1 again.
  if (request.from !== undefined) state.firstStep = request.from;
  await removeStrayStateTemps(resolve(io.cwd, request.statePath));
  const plan = await planSteps(request, state);
  const privateEnv = request.privateEnv ?? {};
  const secrets = await resolveSecrets(config, plan, io, privateEnv);
  const stepIo: Io = { ...io, cwd: config.baseDir, env: withHiddenSecrets(io.env, privateEnv) };
  const reports: StepReport[] = [];
  for (const [index, { step, action, reason }] of plan.entries()) {
    const heading = `Step ${step.label} — ${step.name}`;
    if (action !== 'run') {
      if (!request.quiet) io.stderr.write(`${heading}: ${action === 'skip' ? 'skipped, ' : ''}${reason}\n`);
      reports.push({
        step: step.label,
        name: step.name,
        status: action === 'skip' ? 'skipped' : 'already-done',
        message: reason,
      });
      continue;
    }
    io.stderr.write(`${heading}\n`);
    for (const command of step.preview(config)) io.stderr.write(`  $ ${command}\n`);
    const report = await runStep(step, state, request, {
      config,
      io: stepIo,
      secrets,
      rerun: false,
      warnings: [],
      log: (line) => io.stderr.write(`  ${line}\n`),
    });
    reports.push(report);
    if (report.status === 'failed' || report.status === 'paused') {
      io.stderr.write(`  ${report.status === 'failed' ? 'FAILED' : 'paused'}: ${report.message}\n`);
      for (const later of plan.slice(index + 1)) {
        reports.push({ step: later.step.label, name: later.step.name, status: 'not-run', message: 'not run' });
      }
      return {
        status: report.status,
        exitCode: report.status === 'failed' ? failedExitCode(report) : ExitCode.ok,
        steps: reports,
      };
    }
    io.stderr.write(`  ${report.status === 'pending' ? 'pending' : 'done'}: ${report.message}\n`);
  }
  return { status: 'finished', exitCode: ExitCode.ok, steps: reports };
}

function failedExitCode(report: StepReport): ExitCode {
  const code = report.result?.exitCode;
  return typeof code === 'number' && code !== 0 ? (code as ExitCode) : ExitCode.checkFailed;
}

async function runStep(step: Step, state: WorkflowState, request: RunRequest, base: StepContext): Promise<StepReport> {
  const { config, io } = request;
  const key = String(step.id);
  const previous = state.steps[key];
  // Every later step builds on this one: their records no longer describe what is on disk.
  // A check builds nothing, so it leaves them be.
  if (!step.alwaysRun) {
    for (const later of STEPS.filter((other) => other.id > step.id)) delete state.steps[String(later.id)];
  }
  state.steps[key] = {
    status: 'started',
    startedAt: io.now().toISOString(),
    settings: settingsHash(step, config),
    inputs: {},
    outputs: {},
  };
  await saveState(io.cwd, request.statePath, state);
  if (previous?.status === 'started' && !step.recoversItself) {
    const removed = await removeStrayTempFiles(config.baseDir, step.outputs(config));
    if (removed.length > 0) base.log(`removed ${removed.length} temp file(s) left by the interrupted run`);
  }
  const outcome = await step.run({ ...base, rerun: previous !== undefined });
  const report: StepReport = {
    step: step.label,
    name: step.name,
    status: outcome.status,
    message: outcome.message,
    result: outcome.result,
    ...(base.warnings.length > 0 ? { warnings: base.warnings } : {}),
  };
  if (outcome.status === 'failed') {
    report.result = { ...outcome.result, exitCode: outcome.exitCode };
    return report;
  }
  if (outcome.status === 'pending') {
    delete state.steps[key];
  } else {
    state.steps[key] = {
      status: outcome.status,
      startedAt: state.steps[key]?.startedAt ?? io.now().toISOString(),
      finishedAt: io.now().toISOString(),
      settings: settingsHash(step, config),
      inputs: await hashPaths(config.baseDir, await step.inputs(config)),
      outputs: await hashPaths(config.baseDir, step.outputs(config)),
      result: outcome.result,
    };
  }
  await saveState(io.cwd, request.statePath, state);
  return report;
}

async function planSteps(request: RunRequest, state: WorkflowState): Promise<Plan[]> {
  const { config } = request;
  const from = request.from ?? request.first ?? state.firstStep ?? 1;
  const steps = STEPS.filter((step) => step.id >= (from === 7 ? 6 : from) && step.id <= request.to);
  const plan: Plan[] = [];
  let running = false;
  for (const step of steps) {
    const skip = step.skipReason(config);
    if (skip !== undefined) {
      plan.push({ step, action: 'skip', reason: skip });
      continue;
    }
    const record = state.steps[String(step.id)];
    const forced = request.from !== undefined;
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

/** Asks for or checks every secret the steps about to run need, before the first one runs. */
async function resolveSecrets(
  config: WorkflowConfig,
  plan: readonly Plan[],
  io: Io,
  privateEnv: Record<string, string | undefined>,
): Promise<StepSecrets> {
  const runs = (id: number) => plan.some((entry) => entry.step.id === id && entry.action === 'run');
  const keyUsed = config.key.encrypt && [1, 2, 4, 5, 6].some(runs);
  const lab = config.ca.mode === 'lab' ? config.ca : undefined;
  const caUsed = lab?.encrypt === true && runs(3);
  const caIsNew = lab !== undefined && !(await exists(resolve(config.baseDir, join(lab.dir, 'root.key'))));
  const needs: SecretNeed[] = [
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
  const resolveIo: Io = { ...io, cwd: config.baseDir };
  const [key, ca, storepass, boardKey, devicePassword] = await resolveSecretSources(needs, resolveIo, privateEnv);
  return {
    key: key ?? {},
    ca: ca ?? {},
    storepass: storepass ?? {},
    boardKey: boardKey ?? {},
    devicePassword: devicePassword ?? {},
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * The environment the steps' commands read. Prompted secrets are added as non-enumerable
 * properties: a command reads them by name, but a child process (install's reload command) gets
 * a copy of the enumerable variables only, so the secret never reaches it.
 */
function withHiddenSecrets(
  env: Record<string, string | undefined>,
  secrets: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const copy = { ...env };
  for (const [name, value] of Object.entries(secrets)) {
    Object.defineProperty(copy, name, { value, enumerable: false, writable: false, configurable: false });
  }
  return copy;
}
