import { Command } from 'commander';
import type { WorkflowRunOptions } from '../actions/workflow-run.js';
import type { WorkflowWizardOptions } from '../actions/workflow-wizard.js';
import type { Runner } from '../runner.js';
import { helpFooter, parsePositiveInteger } from './options.js';

/** `certwright workflow`: the guided wizard; `certwright workflow run`: the same steps from a config file. */
export function workflowCommand(runner: Runner): Command {
  const command = new Command('workflow')
    .description(
      'The eight-step OVOC server certificate workflow: a guided wizard on a terminal, or `workflow run` from a config file',
    )
    // Named apart from `run`'s options: commander also gives a parent's options what follows the subcommand.
    .option(
      '--save <file>',
      'the config file the wizard writes and resumes from (its state file goes beside it)',
      'workflow.yaml',
    );
  command.addHelpText(
    'after',
    helpFooter(['certwright workflow', 'certwright workflow --save ovoc-2026.yaml'], [0, 1, 2, 3, 4, 5, 70]),
  );
  command.action(async (raw: Record<string, unknown>) =>
    runner.run(
      'workflow',
      toWorkflowWizardOptions(raw),
      async () => (await import('../actions/workflow-wizard.js')).workflowWizard,
    ),
  );
  command.addCommand(workflowRunCommand(runner));
  return command;
}

function workflowRunCommand(runner: Runner): Command {
  const command = new Command('run')
    .description(
      'Run the workflow steps from a config file without prompts; a state file lets a rerun continue where it stopped',
    )
    .requiredOption('--config <file>', 'the workflow config (YAML); see examples/workflow.yaml')
    .option('--from-step <n>', 'redo from this step (1–8), whatever the state file says', parsePositiveInteger)
    .option('--to-step <n>', 'stop after this step (1–8)', parsePositiveInteger)
    .option('--state <file>', 'the state file (default: beside the config, e.g. workflow.state.json)')
    .option('--json', 'print the summary as JSON on stdout');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright workflow run --config workflow.yaml',
        'certwright workflow run --config workflow.yaml --to-step 3',
        'certwright workflow run --config workflow.yaml --from-step 4 --json',
      ],
      [0, 1, 2, 3, 4, 5, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run(
      'workflow run',
      toWorkflowRunOptions(raw),
      async () => (await import('../actions/workflow-run.js')).workflowRun,
    ),
  );
}

export function toWorkflowRunOptions(raw: Record<string, unknown>): WorkflowRunOptions {
  return {
    config: raw.config as string,
    fromStep: raw.fromStep as number | undefined,
    toStep: raw.toStep as number | undefined,
    state: raw.state as string | undefined,
    json: raw.json === true,
  };
}

export function toWorkflowWizardOptions(raw: Record<string, unknown>): WorkflowWizardOptions {
  return { config: raw.save as string };
}
