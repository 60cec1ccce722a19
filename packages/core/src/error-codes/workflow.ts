/** The eight-step workflow (certwright workflow). */
import { error } from './entry.js';

export const WORKFLOW_CODES = {
  ERR_WORKFLOW_CONFIG_SYNTAX: error(2, 'the workflow config is not valid YAML (the message gives the line)'),
  ERR_WORKFLOW_CONFIG_INVALID: error(
    2,
    'a config field is missing, unknown or wrong; the message and `field` name it (`csr.subject.c`)',
  ),
  ERR_WORKFLOW_STATE_INVALID: error(3, 'the state file cannot be read or is not a workflow state file'),
  ERR_WORKFLOW_STALE: error(
    2,
    'a step finished earlier, but its settings or a file it read or wrote changed since; rerun with `--from-step N` to redo it and what follows',
  ),
  ERR_WORKFLOW_LOCKED: error(
    2,
    'another `workflow run` (or wizard) is running on the same state file; a lock left by a killed run is taken over',
  ),
  ERR_WORKFLOW_NOT_INTERACTIVE: error(
    2,
    '`certwright workflow` (the wizard) without a terminal; use `certwright workflow run --config`',
  ),
} as const;
