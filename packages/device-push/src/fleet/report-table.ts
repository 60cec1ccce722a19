import type { DeviceOutcome, DeviceReport } from './device-report.js';

/** The final table of a fleet run: one line per device, then the count per state. */
export function reportTable(reports: readonly DeviceReport[]): string {
  const nameWidth = Math.min(40, Math.max(6, ...reports.map((report) => report.name.length)));
  const lines = [`${'DEVICE'.padEnd(nameWidth)}  ${'STATE'.padEnd(15)}  DETAIL`];
  for (const report of reports) {
    lines.push(`${report.name.padEnd(nameWidth)}  ${report.state.padEnd(15)}  ${report.summary}`);
  }
  lines.push('', countLine(reports));
  for (const report of reports) {
    for (const warning of report.warnings) lines.push(`${report.name}: ${warning.code}: ${warning.message}`);
  }
  for (const report of reports) {
    if (report.command !== undefined) lines.push(`to complete ${report.name}: ${report.command}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `3 updated, 1 needs-attention` in a fixed order. */
export function countLine(reports: readonly DeviceReport[]): string {
  const order: DeviceOutcome[] = ['updated', 'unchanged', 'pending-reset', 'rolled-back', 'needs-attention', 'failed'];
  const counts = order
    .map((state) => [state, reports.filter((report) => report.state === state).length] as const)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state}`);
  return counts.length === 0 ? 'no devices' : counts.join(', ');
}
