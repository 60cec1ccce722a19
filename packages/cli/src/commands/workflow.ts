import { commandSpec, flag, integer, type OptionsOf, text } from '../spec/index.js';

/** `certwright workflow`: the guided wizard on a terminal. */
export const workflowSpec = commandSpec({
  path: ['workflow'],
  description:
    'The eight-step OVOC server certificate workflow: a guided wizard on a terminal, or `workflow run` from a config file',
  options: {
    // Named apart from `run`'s options: commander also gives a parent's options what follows the subcommand.
    config: text(
      '--save <file>',
      'the config file the wizard writes and resumes from (its state file goes beside it)',
    ).default('workflow.yaml'),
  },
  examples: `
    certwright workflow
    certwright workflow --save ovoc-2026.yaml
  `,
  exitCodes: [0, 1, 2, 3, 4, 5, 70],
});

export type WorkflowWizardOptions = OptionsOf<typeof workflowSpec>;

/** `certwright workflow run`: the same steps from a config file, no prompts unless the config asks for them. */
export const workflowRunSpec = commandSpec({
  path: ['workflow', 'run'],
  description:
    'Run the workflow steps from a config file without prompts; a state file lets a rerun continue where it stopped',
  options: {
    config: text('--config <file>', 'the workflow config (YAML); see examples/workflow.yaml').required(),
    fromStep: integer('--from-step <n>', 'redo from this step (1–8), whatever the state file says', 1),
    toStep: integer('--to-step <n>', 'stop after this step (1–8)', 1),
    state: text('--state <file>', 'the state file (default: beside the config, e.g. workflow.state.json)'),
    json: flag('--json', 'print the summary as JSON on stdout'),
  },
  examples: `
    certwright workflow run --config workflow.yaml
    certwright workflow run --config workflow.yaml --to-step 3
    certwright workflow run --config workflow.yaml --from-step 4 --json
  `,
  exitCodes: [0, 1, 2, 3, 4, 5, 70],
});

export type WorkflowRunOptions = OptionsOf<typeof workflowRunSpec>;
