import { basename, dirname, extname, join, resolve } from 'node:path';
import { readUserFile } from '../io/files.js';
import type { Io } from '../io/io.js';
import { parseWorkflowConfig, type WorkflowConfig } from './config.js';

/** Reads and validates a config file; its directory is where every path in it starts. */
export async function loadWorkflowConfig(io: Io, path: string): Promise<WorkflowConfig> {
  const text = Buffer.from(await readUserFile(io.cwd, path)).toString('utf8');
  return parseWorkflowConfig(text, path, dirname(resolve(io.cwd, path)));
}

/** The state file beside the config: `workflow.yaml` → `workflow.state.json`. */
export function defaultStatePath(configPath: string): string {
  const name = basename(configPath, extname(configPath));
  return join(dirname(configPath), `${name}.state.json`);
}
