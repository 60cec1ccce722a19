import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PRIVATE_MODE, writeFileAtomic } from '../files/write.js';
import { WorkflowError } from '../errors.js';
import type { StepResult } from './step-results.js';

/** How far one step got. `started` without `done` means the run stopped inside the step. */
export interface StepRecord {
  status: 'started' | 'done' | 'paused';
  startedAt: string;
  finishedAt?: string;
  /** SHA-256 of the step's settings from the config, to notice a changed config. */
  settings: string;
  /** SHA-256 of each file the step read, and of each it wrote, when it finished. */
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  /** What the step reported, for the summary of a later run. */
  result?: StepResult;
}

/** The state file: which steps finished, with the hashes of what they used and produced. */
export interface WorkflowState {
  version: 1;
  /** Set by --from-step: the steps before it were done elsewhere (e.g. a key and CSR made on another machine). */
  firstStep?: number;
  steps: Record<string, StepRecord>;
}

export function emptyState(): WorkflowState {
  return { version: 1, steps: {} };
}

/** Reads the state file; a missing one is a fresh start. */
export async function loadState(cwd: string, path: string): Promise<WorkflowState> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw new WorkflowError('ERR_WORKFLOW_STATE_INVALID', `${path}: cannot be read`, { source: path, cause: error });
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch (error) {
    throw new WorkflowError('ERR_WORKFLOW_STATE_INVALID', `${path}: not a workflow state file (not JSON)`, {
      source: path,
      cause: error,
    });
  }
  if (!isState(state)) {
    throw new WorkflowError('ERR_WORKFLOW_STATE_INVALID', `${path}: not a workflow state file (version 1)`, {
      source: path,
    });
  }
  return state;
}

/** Every save replaces the whole file atomically: a kill leaves the previous state or the new one. */
export async function saveState(cwd: string, path: string, state: WorkflowState): Promise<void> {
  await writeFileAtomic(cwd, { path, data: `${JSON.stringify(state, null, 2)}\n`, mode: PRIVATE_MODE }, true);
}

function isState(value: unknown): value is WorkflowState {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as { version?: unknown; steps?: unknown };
  if (candidate.version !== 1 || candidate.steps === null || typeof candidate.steps !== 'object') return false;
  return Object.values(candidate.steps as Record<string, unknown>).every(
    (record) =>
      record !== null &&
      typeof record === 'object' &&
      ['started', 'done', 'paused'].includes((record as { status?: unknown }).status as string),
  );
}
