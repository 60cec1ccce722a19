import type { InventoryEntry } from '@certwright/device-push';
import type { DevicePushOptions } from '../../commands/device/push.js';
import { devicePushSpec } from '../../commands/index.js';
import { argvOf, commandLine } from '../../spec/to-argv.js';

/**
 * The command that completes an interrupted push on one device: the same files and flags, limited
 * to that device, from the command's spec. What belongs to the fleet run alone (concurrency, the
 * report, a dry run, the timeouts of this run, --json) is left out. Secrets appear only as their
 * sources; an fd cannot be reused, so it becomes a placeholder file flag.
 */
export function completePushCommand(options: DevicePushOptions, entry: InventoryEntry): string {
  const argv = argvOf(
    devicePushSpec,
    { ...options, devices: [entry.name] },
    { omit: ['concurrency', 'dryRun', 'report', 'force', 'maxAuthFailures', 'timeoutSeconds', 'json'] },
  );
  return commandLine(argv);
}
