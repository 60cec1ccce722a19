import type { WorkflowConfig, WorkflowEvent } from '@certwright/deploy';
import type { Io } from '../io/io.js';
import { stepPreview } from './previews.js';

/**
 * How a run shows on stderr: each step announced as `Step N — name` with the commands it amounts
 * to, its notes indented under it, then how it ended. `quiet` leaves out the steps passed over.
 */
export function showWorkflowEvents(
  io: Io,
  config: WorkflowConfig,
  options: { quiet?: boolean } = {},
): (event: WorkflowEvent) => void {
  return (event) => {
    const heading = `Step ${event.step.label} — ${event.step.name}`;
    switch (event.type) {
      case 'passed':
        if (!options.quiet)
          io.stderr.write(`${heading}: ${event.action === 'skip' ? 'skipped, ' : ''}${event.reason}\n`);
        return;
      case 'start':
        io.stderr.write(`${heading}\n`);
        for (const command of stepPreview(event.step, config)) io.stderr.write(`  $ ${command}\n`);
        return;
      case 'note':
        for (const line of event.line.split('\n')) if (line !== '') io.stderr.write(`  ${line}\n`);
        return;
      case 'end': {
        const label = { failed: 'FAILED', paused: 'paused', pending: 'pending', done: 'done' }[event.status];
        io.stderr.write(`  ${label}: ${event.message}\n`);
      }
    }
  };
}
