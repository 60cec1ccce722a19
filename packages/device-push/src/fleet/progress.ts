import type { DeviceOutcome } from './device-report.js';

/** Where a fleet run tells how it goes. */
export interface FleetProgress {
  retrying(device: string): void;
  finished(device: string, state: DeviceOutcome, summary: string): void;
  end(): void;
}

/** No display (e.g. --json with no terminal, or tests). */
export const silentProgress: FleetProgress = { retrying() {}, finished() {}, end() {} };

/**
 * On a terminal: one bar redrawn in place (done, failed, retrying). Otherwise: one plain line per
 * finished device, so logs stay readable. Writes to the stream it is given (stderr: talk, not data).
 */
export function createProgress(
  stream: { write(text: string): unknown },
  total: number,
  terminal: boolean,
): FleetProgress {
  let done = 0;
  let failed = 0;
  let retries = 0;
  const draw = () => {
    const width = 30;
    const filled = total === 0 ? width : Math.round(((done + failed) / total) * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    stream.write(`\r[${bar}] ${done + failed}/${total}  done ${done}  failed ${failed}  retrying ${retries}\u001b[K`);
  };
  return {
    retrying() {
      retries++;
      if (terminal) draw();
    },
    finished(device, state, summary) {
      if (state === 'updated' || state === 'unchanged') done++;
      else failed++;
      if (terminal) draw();
      else stream.write(`${device}: ${state}${summary === '' ? '' : ` — ${summary}`}\n`);
    },
    end() {
      if (terminal) stream.write('\n');
    },
  };
}
