// Public API of @certwright/device-push: explicit named exports, nothing runs at import. The client's
// plumbing (request, multipart, retry, agent) and the fleet's helpers stay internal. The device
// simulator is its own package, @certwright/device-sim.
// the REST client
export {
  type CertificateRequestSubject,
  DeviceClient,
  type DeviceClientOptions,
  type DeviceStatus,
  DEFAULT_BUSY_BUDGET_MS,
  type PrivateKeyInfo,
  type StatusAnswer,
} from './client/device-client.js';
export { deviceClock, type HaState, readFlag, readHaState } from './client/status-values.js';
export { DeviceError, type DeviceErrorCode } from './client/errors.js';
export { fetchServedCertificate, type ServedCertificate } from './client/served-certificate.js';
export { type ClientIdentity, sha256Hex, type TlsTrust } from './client/tls-trust.js';

// the Mediant profile and the fleet runner
export { incrementalIni } from './profiles/ini-values.js';
export {
  type MediantBackup,
  type MediantResult,
  mediantPreflight,
  pushMediant,
} from './profiles/mediant.js';
export { type MediantPushOptions, mediantParameters, mediantPlan } from './profiles/mediant-plan.js';
export { type PushInput, type PushMaterial, preparePushMaterial } from './profiles/push-material.js';
export { checkOvocCertificate, type OvocCheck, type OvocCheckInput } from './profiles/ovoc-check.js';
export { traditionalKeyPem } from './profiles/wire-key.js';
export {
  assertDevicesTakeKey,
  assertProfileTakesKey,
  type DeviceKeyType,
  keyTypesTaken,
} from './profiles/key-types.js';
export { type ProbeReport, probeDevice } from './probe/probe-device.js';
export type { ContextUse } from './profiles/tls-contexts.js';
export { FIRMWARE_SIGNATURES, matchingFirmware, type ObservableAnswers } from './probe/firmware-signatures.js';
export {
  type BoardCertificates,
  type BoardFromServerSetInput,
  boardFromServerSet,
} from './board/from-server-set.js';
export {
  type DeviceFacts,
  type DeviceOutcome,
  type DeviceReport,
  type ReportedError,
  reportedError,
  type VerifiedCheck,
} from './fleet/device-report.js';
export {
  type InventoryEntry,
  type InventoryFormat,
  type InventoryOptions,
  inventoryFormat,
  parseInventory,
} from './fleet/inventory.js';
export { createProgress, type FleetProgress, silentProgress } from './fleet/progress.js';
export { type FleetPushOptions, pushFleet } from './fleet/push-fleet.js';
export { countLine, reportTable } from './fleet/report-table.js';
export { type DeviceStatusReport, STATUS_PARAMETERS, statusFleet } from './fleet/status-fleet.js';

// MP-1xx provisioning (Automatic Update) and per-device keys (enrolment)
export { MP1XX_PARAMETERS, type Mp1xxFileUrls, type Mp1xxIniOptions, mp1xxIni } from './mp1xx/ini.js';
export {
  MP1XX_FILE_NAMES,
  type Mp1xxBoardFiles,
  type Mp1xxBoardInput,
  type Mp1xxFile,
  type Mp1xxFileRole,
  mp1xxBoardFiles,
} from './mp1xx/board-files.js';
export { ProvisionError, type ProvisionErrorCode } from './mp1xx/errors.js';
export type { ProvisionCredentials } from './mp1xx/http-auth.js';
export {
  type DeviceFetchReport,
  type ProvisionReport,
  type ProvisionServer,
  type ProvisionServerOptions,
  type RefusedRequest,
  startProvisionServer,
} from './mp1xx/provision-server.js';
export { probeServedCertificates, type ServedProbe } from './mp1xx/probe-served.js';
export { type ProvisionTarget, resolveTargets } from './mp1xx/targets.js';
export { deviceNames } from './enroll/device-names.js';
export {
  type EnrollClient,
  type EnrollDeviceInput,
  type EnrollMode,
  type EnrollReport,
  type EnrollTarget,
  enrollDevice,
} from './enroll/enroll-device.js';
export {
  enrollCountLine,
  type EnrollFleetOptions,
  type EnrollProgress,
  enrollFleet,
} from './enroll/enroll-fleet.js';
export { EnrollError, type EnrollErrorCode } from './enroll/errors.js';
export { type SignDeviceCsrOptions, signDeviceCsr } from './enroll/sign-device-csr.js';
