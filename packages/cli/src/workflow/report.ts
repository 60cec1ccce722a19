import type { WorkflowConfig } from './config.js';
import { manualSteps } from './manual-steps.js';
import type { RunReport } from './run.js';

/** The `--json` document of a run: stable field names, documented in docs/workflow.md. */
export function reportJson(config: WorkflowConfig, statePath: string, report: RunReport): Record<string, unknown> {
  return {
    ok: report.status !== 'failed',
    status: report.status,
    config: config.source,
    state: statePath,
    steps: report.steps,
    manual: manualSteps(config, report),
    warnings: report.steps.flatMap((step) => (step.warnings ?? []).map((warning) => ({ step: step.step, ...warning }))),
  };
}

/** The human summary: one line per step, then what is left to do by hand. */
export function reportText(config: WorkflowConfig, report: RunReport): string {
  const width = Math.max(...report.steps.map((step) => step.status.length));
  const lines = [`Workflow ${report.status}:`];
  for (const step of report.steps) {
    lines.push(`  ${step.step.padEnd(3)} ${step.status.padEnd(width)}  ${step.name}: ${step.message}`);
  }
  lines.push('', 'Still to do by hand:');
  for (const [index, todo] of manualSteps(config, report).entries()) lines.push(`  ${index + 1}. ${todo}`);
  return `${lines.join('\n')}\n`;
}
