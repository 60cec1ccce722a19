// Public API of @certwright/device-sim: explicit named exports, nothing runs at import. The simulator
// stands alone: it imports no Certwright package, so it checks the client the way a device would.
export type {
  AutoUpdateResult,
  AutoUpdateSettings,
  DeviceConfiguration,
  DeviceProfile,
  DeviceStateSnapshot,
  FaultSettings,
  FirmwareName,
  OpenItemSettings,
  SimulatedDevice,
  SimulatorHandle,
  SimulatorOptions,
  SimulatorUser,
  TlsContextState,
  TlsVersion,
  UserLevel,
} from './types.js';
export { DEFAULT_OPEN_ITEMS } from './types.js';
export { FIRMWARE_NAMES } from './firmware.js';
export { startSimulator } from './start.js';
