// Every command's spec, through one module. Code that runs later (the workflow's previews, the
// commands that print a re-run) takes specs from here too, so the bundler keeps all of them, and
// the declaration helpers, in one chunk that start-up loads whole (one module, not seven).
export { caInitSpec } from './ca/init.js';
export { caSignSpec } from './ca/sign.js';
export { chainVerifySpec } from './chain/verify.js';
export { COMPLETION_SHELLS, completionSpec } from './completion.js';
export { convertSpec } from './convert.js';
export { csrCreateSpec } from './csr/create.js';
export { csrShowSpec } from './csr/show.js';
export { deviceEnrollSpec } from './device/enroll.js';
export { deviceFilesSpec } from './device/files.js';
export { deviceProbeSpec } from './device/probe.js';
export { deviceProvisionSpec } from './device/provision.js';
export { devicePushSpec } from './device/push.js';
export { deviceStatusSpec } from './device/status.js';
export { importSpec } from './import.js';
export { inspectSpec } from './inspect.js';
export { installSpec } from './install.js';
export { keyCreateSpec } from './key/create.js';
export { keystoreCreateSpec } from './keystore/create.js';
export { rotateSpec } from './rotate.js';
export { scanSpec } from './scan.js';
export { truststoreCreateSpec } from './truststore/create.js';
export { truststoreListSpec } from './truststore/list.js';
export { truststoreAddSpec, truststoreRemoveSpec } from './truststore/modify.js';
export { verifySpec } from './verify.js';
export { workflowRunSpec, workflowSpec } from './workflow.js';
