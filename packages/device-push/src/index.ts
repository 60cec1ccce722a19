// Public API of @certwright/device-push: explicit named exports, nothing runs at import.
export type {
  AutoUpdateResult,
  AutoUpdateSettings,
  DeviceConfiguration,
  DeviceProfile,
  DeviceStateSnapshot,
  FaultSettings,
  OpenItemSettings,
  SimulatedDevice,
  SimulatorHandle,
  SimulatorOptions,
  SimulatorUser,
  TlsContextState,
  UserLevel,
} from './simulator/types.js';
export { DEFAULT_OPEN_ITEMS } from './simulator/types.js';
export { startSimulator } from './simulator/start.js';
