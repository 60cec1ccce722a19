import {
  defaultStatePath,
  loadWorkflowConfig,
  runWorkflow,
  type WorkflowConfig,
  type WorkflowRunResult,
} from '@certwright/deploy';
import { resolve } from 'node:path';
import type { WorkflowRunOptions } from '../commands/workflow.js';
import { usageError } from '../errors.js';
import type { Io } from '../io/io.js';
import type { Outcome, Talk } from '../render/outcome.js';
import { pushWithDevicePush } from '../workflow/device-push-step.js';
import { showWorkflowEvents } from '../workflow/display.js';
import { workflowSecrets } from '../workflow/secret-sources.js';
import { reportJson, reportText, workflowExitCode } from '../workflow/summary.js';
import { present } from '../render/present.js';

export type { WorkflowRunOptions };

/** A run: the config it ran, its state file and how each step went. */
export interface WorkflowRunSummary {
  config: WorkflowConfig;
  state: string;
  run: WorkflowRunResult;
}

/** `certwright workflow run`: the eight steps from a config file, no prompts unless the config asks for them. */
export async function workflowRun(
  options: WorkflowRunOptions,
  io: Io,
  talk: Talk,
): Promise<Outcome<WorkflowRunSummary>> {
  const to = options.toStep ?? 8;
  for (const [flag, value] of [
    ['--from-step', options.fromStep],
    ['--to-step', options.toStep],
  ] as const) {
    if (value !== undefined && (value < 1 || value > 8)) throw usageError(`${flag} must be 1 to 8`, flag.slice(2));
  }
  if (options.fromStep !== undefined && options.fromStep > to) {
    throw usageError('--from-step is after --to-step', 'from-step');
  }
  const config = await loadWorkflowConfig(io.cwd, options.config);
  const state = options.state ?? defaultStatePath(options.config);
  const secrets = workflowSecrets(io, config.baseDir, {});
  const result = await runWorkflow({
    config,
    statePath: resolve(io.cwd, state),
    from: options.fromStep,
    to,
    secrets: (needs) => secrets.acquire(needs),
    pushBoardFiles: pushWithDevicePush(secrets),
    env: io.env,
    now: io.now,
    onEvent: showWorkflowEvents(io, config),
    ...(io.checkpoint === undefined ? {} : { checkpoint: io.checkpoint }),
  });
  return talk.outcome(workflowExitCode(result), { config, state, run: result });
}

/** The summary table and what is left to do by hand. */
export function workflowRunText(summary: WorkflowRunSummary): string {
  return reportText(summary.config, summary.run);
}

/** The run's own --json document (docs/workflow.md), not the usual `{ ok, …, warnings }` wrapper. */
export function workflowRunJson(summary: WorkflowRunSummary): object {
  return reportJson(summary.config, summary.state, summary.run);
}

/** The command's handler: the work, then its rendering. */
export const workflowRunHandler = present(workflowRun, workflowRunText, workflowRunJson);
