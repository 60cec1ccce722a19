// Public API of @certwright/deploy: every export is listed by name. Nothing runs at import
// (ssh2 and yaml are loaded on first use).

export {
  FileError,
  type FileErrorCode,
  NetworkError,
  RotateError,
  type RotateErrorCode,
  WorkflowError,
  type WorkflowErrorCode,
} from './errors.js';
export { type Progress, silentProgress, type Warning } from './progress.js';

// files: reading what a caller names, writing outputs atomically (0600 keys, no overwrite without force)
export { assertUserDirectory, readUserFile } from './files/read.js';
export {
  assertWritable,
  ensureDirectory,
  type PlannedWrite,
  PRIVATE_MODE,
  PUBLIC_MODE,
  removeFiles,
  writeFileAtomic,
  writeFilesAtomic,
} from './files/write.js';
export { type PassphraseSource, readKeyBytes, readKeyFile } from './keys/read-key-file.js';

// the workflow's operations, each callable on its own
export {
  type CreateKeyFileOptions,
  type CreateKeyFileResult,
  createKeyFile,
  keyEncryptionSummary,
  keySpecOf,
  sha256Colons,
} from './operations/create-key-file.js';
export { type CreateCsrFileOptions, type CsrFileResult, createCsrFile } from './operations/create-csr-file.js';
export { readCsrFile } from './operations/read-csr-file.js';
export {
  type CreateLabCaFilesOptions,
  createLabCaFiles,
  type LabCaFilesResult,
  type LabCaMemberFiles,
  labCaFiles,
} from './operations/create-lab-ca-files.js';
export { type SignCsrFileOptions, type SignCsrFileResult, signCsrFile } from './operations/sign-csr-file.js';
export {
  type ImportedFile,
  type ImportedKey,
  type ImportServerSetOptions,
  type ImportServerSetResult,
  importServerSet,
  type LocatedProblem,
} from './operations/import-server-set.js';
export { SERVER_SET_FILES } from './operations/server-set-files.js';
export {
  type InputContents,
  readInputWithKeys,
  readOnePkcs12Key,
  singleStoreKey,
  type StoreKey,
  type StoreKeyProtection,
  storeKeyWrite,
} from './operations/store-key.js';
export {
  type VerifyServerSetOptions,
  type VerifyServerSetResult,
  verifyServerSet,
} from './operations/verify-server-set.js';
export { checkDeviceMode, type DeviceCommunicationMode } from './operations/device-mode-check.js';
export { fetchForPath } from './tls/fetch-for-path.js';
export { describeServed, probeServedChain, type ServedChain, splitHostPort } from './tls/served-chain.js';

// install on this machine
export {
  type InstallLocallyOptions,
  installLocally,
  type LocalInstallTarget,
  type LocalResumeResult,
  type ReloadCommand,
  resumeLocalInstall,
} from './install/install-locally.js';
export { ReloadCommandError, runReloadCommand } from './install/reload-command.js';
export {
  type InstallOverSshOptions,
  type InstallOverSshResult,
  installOverSsh,
} from './install/install-over-ssh.js';
export type { ProbeOutcome } from './rotate/probe.js';

// SSH and SFTP
export {
  entriesForHost,
  type HostKeyVerdict,
  hostKeyAlgorithms,
  judgeHostKey,
  type KnownHostEntry,
  knownHostsName,
  parseKnownHosts,
} from './ssh/known-hosts.js';
export { SftpInstallFileSystem } from './ssh/sftp-fs.js';
export { readSshIdentity, type SshIdentity } from './ssh/ssh-identity.js';
export { type CommandResult, describeExit, outputTail, SshSession, type SshTarget } from './ssh/ssh-session.js';

// HA pair rotation
export type { PlannedAction } from './rotate/dry-run.js';
export {
  type PlanCommand,
  type PlanContext,
  type PlanFileSet,
  type PlanNode,
  type PlanProbe,
  parsePlan,
  type RotatePlan,
  readPlan,
} from './rotate/plan.js';
export type { CommandReport, NodeReport, NodeState, RotationReport } from './rotate/report.js';
export type { NodePhase } from './rotate/journal.js';
export {
  type RotatePairOptions,
  type RotatePairResult,
  rotatePair,
  type RotationDryRun,
  type RotationEnd,
  type RotationRun,
} from './rotate/rotate-pair.js';

// the certificate workflow
export {
  defaultStatePath,
  type DevicesConfig,
  type ExternalCaConfig,
  type InstallConfig,
  type KeyConfig,
  type LabCaConfig,
  loadWorkflowConfig,
  parseWorkflowConfig,
  readWorkflowConfig,
  type SecretRef,
  type VerifyConfig,
  type WorkflowConfig,
  type CsrConfig,
} from './workflow/config.js';
export { loadState, type StepRecord, type WorkflowState } from './workflow/state.js';
export { manualSteps } from './workflow/manual-steps.js';
export type {
  PushBoardFiles,
  PushBoardFilesRequest,
  PushBoardFilesResult,
  PushedDevice,
} from './workflow/push-board-files.js';
export {
  runWorkflow,
  type SecretNeed,
  type StepReport,
  type StepStatus,
  type WorkflowEvent,
  type WorkflowRunOptions,
  type WorkflowRunResult,
} from './workflow/run.js';
export type { Step, StepContext, StepFailure, StepOutcome, StepSecrets } from './workflow/step.js';
export type {
  CsrHandedOverResult,
  CsrStepResult,
  DevicesStepResult,
  ImportStepResult,
  InstallStepResult,
  KeyStepResult,
  LabSignedResult,
  StepResult,
  VerifyCheck,
  VerifyStepResult,
  WaitingForCaResult,
} from './workflow/step-results.js';
export { STEPS, stepFor } from './workflow/steps/index.js';
