import { resolve } from 'node:path';
import { usageError } from '../errors.js';
import type { ExitCode } from '../exit-codes.js';
import type { Io } from '../io/io.js';
import { defaultStatePath, loadWorkflowConfig } from '../workflow/load.js';
import { reportJson, reportText } from '../workflow/report.js';
import { runWorkflow } from '../workflow/run.js';

export interface WorkflowRunOptions {
  config: string;
  fromStep: number | undefined;
  toStep: number | undefined;
  state: string | undefined;
  json: boolean;
}

/** `certwright workflow run`: the eight steps from a config file, no prompts unless the config asks for them. */
export async function workflowRun(options: WorkflowRunOptions, io: Io): Promise<ExitCode> {
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
  const config = await loadWorkflowConfig(io, options.config);
  const state = options.state ?? defaultStatePath(options.config);
  const report = await runWorkflow({
    config,
    statePath: resolve(io.cwd, state),
    from: options.fromStep,
    to,
    io,
  });
  io.stdout.write(
    options.json ? `${JSON.stringify(reportJson(config, state, report), null, 2)}\n` : reportText(config, report),
  );
  return report.exitCode;
}
