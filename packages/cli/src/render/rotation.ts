import type { CommandReport, PlannedAction, RotationReport } from '@certwright/deploy';

/** The dry run as text for stdout. */
export function humanPlan(planPath: string, actions: readonly PlannedAction[]): string {
  const lines = [`rotate ${planPath}: DRY RUN — nothing is changed and no connection is made`];
  actions.forEach((action, index) => {
    const skipped = action.pending ? '' : ' (done in the journal: skipped)';
    lines.push(`${index + 1}. ${action.step} ${action.node}${skipped}`);
    for (const line of action.actions) lines.push(`     ${line}`);
  });
  return `${lines.join('\n')}\n`;
}

/** The human summary, for stdout. */
export function humanReport(planPath: string, report: RotationReport): string {
  const lines = [`rotate ${planPath}: ${report.complete ? 'COMPLETE' : 'STOPPED'}`];
  for (const command of report.commands.filter((entry) => entry.list === 'before')) lines.push(commandLine(command));
  for (const node of report.nodes) {
    lines.push(`  node        ${node.name.padEnd(12)} ${node.state.padEnd(12)} ${node.detail}`);
  }
  for (const command of report.commands.filter((entry) => entry.list === 'after')) lines.push(commandLine(command));
  lines.push('', report.pairState, '', 'Still to do by hand:');
  for (const step of report.manualSteps) lines.push(`  - ${step}`);
  return `${lines.join('\n')}\n`;
}

function commandLine(command: CommandReport): string {
  const label = `${command.list}[${command.index}]`.padEnd(11);
  return `  ${label} ${command.node.padEnd(12)} ${command.status.padEnd(12)} ${command.run}`;
}
