import { commandSpec, list, type OptionsOf } from '../../spec/index.js';
import { jsonOption } from '../shared-options.js';
import { deviceReach, deviceSelection } from './access-options.js';

/** `certwright device probe`: read-only, one device: how its firmware answers what a push relies on. */
export const deviceProbeSpec = commandSpec({
  path: ['device', 'probe'],
  description:
    "Read-only, one device: how its firmware answers (status value types, an empty resource, contexts in use, clock, HA, the account's level) and which simulator profile matches; run it on one unit of each firmware line before a fleet run",
  options: {
    ...deviceSelection(list('--device <name>', 'the device to probe (needed when the inventory lists more than one)')),
    ...deviceReach(),
    json: jsonOption,
  },
  examples: `
    certwright device probe --inventory devices.csv --device sbc-paris --ca-file factory-ca.pem
    certwright device probe --inventory lab.yaml --device sbc-lab --password-env DEVICE_PW --json
  `,
  exitCodes: [0, 2, 3, 4, 70],
});

export type DeviceProbeOptions = OptionsOf<typeof deviceProbeSpec>;
