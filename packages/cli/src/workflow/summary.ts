import {
  manualSteps,
  type StepFailure,
  type StepReport,
  type WorkflowConfig,
  type WorkflowRunResult,
} from '@certwright/deploy';
import { ExitCode } from '../exit-codes.js';

/** The exit code of a step that failed without an error: as the command it amounts to exits. */
const FAILURE_EXIT: Record<StepFailure, ExitCode> = {
  'check-failed': ExitCode.checkFailed,
  'no-device-updated': ExitCode.deviceOrNetwork,
  'some-devices-updated': ExitCode.partialFleet,
};

/** 0 when finished or paused; otherwise the failed step's code. */
export function workflowExitCode(result: WorkflowRunResult): ExitCode {
  if (result.status !== 'failed') return ExitCode.ok;
  const failed = result.steps.find((step) => step.status === 'failed');
  return failed?.failure === undefined ? ExitCode.checkFailed : FAILURE_EXIT[failed.failure];
}

/** One step in the --json document: a failed step's result carries its exit code. */
function stepJson(step: StepReport): object {
  const { failure, result, ...rest } = step;
  if (result === undefined) return rest;
  return { ...rest, result: failure === undefined ? result : { ...result, exitCode: FAILURE_EXIT[failure] } };
}

/** The `--json` document of a run: stable field names, documented in docs/workflow.md. */
export function reportJson(config: WorkflowConfig, statePath: string, result: WorkflowRunResult): object {
  return {
    ok: result.status !== 'failed',
    status: result.status,
    config: config.source,
    state: statePath,
    steps: result.steps.map(stepJson),
    manual: manualSteps(config, result),
    warnings: result.steps.flatMap((step) => (step.warnings ?? []).map((warning) => ({ step: step.step, ...warning }))),
  };
}

/** The human summary: one line per step, then what is left to do by hand. */
export function reportText(config: WorkflowConfig, result: WorkflowRunResult): string {
  const width = Math.max(...result.steps.map((step) => step.status.length));
  const lines = [`Workflow ${result.status}:`];
  for (const step of result.steps) {
    lines.push(`  ${step.step.padEnd(3)} ${step.status.padEnd(width)}  ${step.name}: ${step.message}`);
  }
  lines.push('', 'Still to do by hand:');
  for (const [index, todo] of manualSteps(config, result).entries()) lines.push(`  ${index + 1}. ${todo}`);
  return `${lines.join('\n')}\n`;
}
