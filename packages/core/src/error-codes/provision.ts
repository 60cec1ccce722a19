/** MP-1xx provisioning and device enrolment. */
import { error, reportedError } from './entry.js';

export const PROVISION_CODES = {
  ERR_NETWORK_LISTEN: error(
    4,
    '`device provision --serve`, `scan --serve`: the endpoint cannot listen on `--listen` (address not local, port in use, no permission)',
  ),
  ERR_DEVICE_ADDRESS_UNRESOLVED: error(
    4,
    "`device provision --serve`: a device's `host` does not resolve, so the endpoint cannot know which address to answer",
  ),
  ERR_DEVICE_ENROLL_NO_CERTIFICATE: reportedError(
    4,
    'per-device',
    '`device enroll --cert-dir`: no `<name>.crt`, `.pem` or `.cer` for the device; the device is untouched',
  ),
  ERR_DEVICE_ENROLL_KEY_MISMATCH: reportedError(
    4,
    'per-device',
    '`device enroll`: the certificate is not for the key the device holds (checked with a fresh CSR from the device before upload, and by `privateKey.valid` after); other verification failures are `ERR_DEVICE_VERIFY_FAILED`',
  ),
  ERR_DEVICE_ENROLL_UNTRUSTED_CERTIFICATE: reportedError(
    4,
    'per-device',
    '`device enroll --cert-dir`: the certificate does not chain to `--root`; the device is untouched',
  ),
  ERR_DEVICE_ENROLL_BAD_CSR: reportedError(
    4,
    'per-device',
    "`device enroll`: the device's CSR is unreadable, or its key is not the size asked for",
  ),
} as const;
