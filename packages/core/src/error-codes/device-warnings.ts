/** Warnings in device reports: they change neither the state nor the exit code. */
import { warning } from './entry.js';

export const DEVICE_WARNINGS_CODES = {
  WARN_DEVICE_PENDING_RESET: warning(
    'loaded, read back and saved, but the device serves its previous certificate until a reset (its firmware applies a new one then): state `pending-reset`, `command` adds `--allow-reset`',
  ),
  WARN_DEVICE_CHAIN_REFUSED: warning(
    'the device refused the certificate with its intermediates (400) and took the leaf alone: clients holding only the root cannot verify it',
  ),
  WARN_DEVICE_NO_NTP: warning('`NTPServerIP` is empty or 0.0.0.0: devices and OVOC need the same NTP source'),
  WARN_DEVICE_CLOCK_UNKNOWN: warning('the device reports no readable date and time, so its clock could not be checked'),
  WARN_DEVICE_OTHER_CONTEXT: warning('another link (the QoE link to OVOC) uses a TLS context the push does not change'),
  WARN_DEVICE_SHARED_CONTEXT: warning('`--roots replace` on a context that other links use too'),
  WARN_DEVICE_STATUS_UNREADABLE: warning(
    '`saveNeeded` was neither true nor false (strings or booleans): taken as unsaved',
  ),
} as const;
