import { defaultStatePath, WorkflowError } from '@certwright/deploy';
import type { WorkflowWizardOptions } from '../commands/workflow.js';
import type { ExitCode } from '../exit-codes.js';
import type { Io } from '../io/io.js';
import { terminalAsker } from '../workflow/ask.js';
import { runWizard } from '../workflow/wizard.js';

export type { WorkflowWizardOptions };

/** `certwright workflow` on a terminal: the guided wizard. Without a terminal: say what to run instead. */
export async function workflowWizard(options: WorkflowWizardOptions, io: Io): Promise<ExitCode> {
  if (!io.interactive) {
    throw new WorkflowError(
      'ERR_WORKFLOW_NOT_INTERACTIVE',
      `the guided workflow needs a terminal; without one, use: certwright workflow run --config ${options.config} (see examples/workflow.yaml)`,
    );
  }
  return runWizard({
    io,
    asker: terminalAsker(io),
    configPath: options.config,
    statePath: defaultStatePath(options.config),
  });
}
