import { Command } from 'commander';
import type { DeviceProbeOptions } from '../../actions/device/probe.js';
import type { Runner } from '../../runner.js';
import { helpFooter } from '../options.js';
import { addDeviceAccessOptions, deviceAccessValues } from './access-options.js';

/** `certwright device probe`: read-only, one device: how its firmware answers what a push relies on. */
export function deviceProbeCommand(runner: Runner): Command {
  const command = new Command('probe')
    .description(
      "Read-only, one device: how its firmware answers (status value types, an empty resource, contexts in use, clock, HA, the account's level) and which simulator profile matches; run it on one unit of each firmware line before a fleet run",
    )
    .requiredOption('--inventory <file>', 'devices (CSV, JSON or YAML)')
    .option('--device <name>', 'the device to probe (needed when the inventory lists more than one)')
    .option('--json', 'print the result as JSON on stdout');
  addDeviceAccessOptions(command);
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright device probe --inventory devices.csv --device sbc-paris --ca-file factory-ca.pem',
        'certwright device probe --inventory lab.yaml --device sbc-lab --password-env DEVICE_PW --json',
      ],
      [0, 2, 3, 4, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run(
      'device probe',
      toDeviceProbeOptions(raw),
      async () => (await import('../../actions/device/probe.js')).deviceProbe,
    ),
  );
}

/** commander's values → the handler's typed options. */
export function toDeviceProbeOptions(raw: Record<string, unknown>): DeviceProbeOptions {
  const device = raw.device as string | undefined;
  return {
    ...deviceAccessValues(raw),
    inventory: raw.inventory as string,
    devices: device === undefined ? [] : [device],
    json: raw.json === true,
  };
}
