/** Device client and fleet runs (device push, device status). */
import { error, reportedError } from './entry.js';

export const DEVICE_CODES = {
  ERR_DEVICE_UNAUTHORIZED: error(4, '401: wrong user name or password (never retried: devices lock users out)'),
  ERR_DEVICE_FORBIDDEN: error(
    4,
    "403 or 405: the user's level is too low (`/files` and `/actions` need Administrator)",
  ),
  ERR_DEVICE_BAD_REQUEST: error(
    4,
    '400: the device refused an upload (not PEM, bad size, certificate not matching its key)',
  ),
  ERR_DEVICE_NOT_FOUND: error(4, '404: the device does not have this API path (firmware before 7.2, or not a Mediant)'),
  ERR_DEVICE_BUSY: error(4, '409: HA synchronisation in progress; retried with backoff'),
  ERR_DEVICE_SERVER_ERROR: error(4, '5xx; retried with backoff'),
  ERR_DEVICE_HTTP_STATUS: error(4, 'any other status outside 2xx'),
  ERR_DEVICE_TIMEOUT: error(4, 'no answer within the per-request timeout; retried'),
  ERR_DEVICE_CONNECTION: error(4, 'refused, reset or unreachable (e.g. the device is restarting); retried'),
  ERR_DEVICE_TLS_UNTRUSTED: error(
    4,
    "the device's certificate is neither issued by `--ca-file` (with its address matched) nor pinned (`pin_sha256`)",
  ),
  ERR_DEVICE_TLS_HANDSHAKE: error(4, 'the TLS handshake failed (e.g. the device demands a client certificate)'),
  ERR_DEVICE_INSECURE_TRANSPORT: error(
    2,
    'an `http` device without `--allow-http`: credentials would cross the network in clear',
  ),
  ERR_DEVICE_BAD_RESPONSE: error(4, "the device's answer is not what the API documents"),
  ERR_DEVICE_VERIFY_FAILED: error(4, 'after the push, the device does not hold or serve what was pushed'),
  ERR_DEVICE_PREFLIGHT: error(
    1,
    "`device files`: the key does not match `server.crt`, the set does not chain to `root.crt`, or (with `--inventory`) an `mp1xx` row cannot take the key (EC; MP-1xx takes RSA only). `device provision`: the same checks, an EC key refused before anything is written or served. `device push` pre-flight: the key does not match the certificate, the certificate (or `--client-cert`, or OVOC's certificate from `--ovoc-cert`/`--ovoc-url`) does not chain to `--root`, the key is neither RSA nor EC, or `--mutual` where it is not supported (`behind_nat`, `--cloud-architecture`); no device was contacted",
  ),
  ERR_DEVICE_INTERRUPTED: reportedError(
    4,
    'per-device',
    '`device push`, `device enroll`: the run was stopped (Ctrl-C, SIGTERM) before this device was started; it was not changed, and its `command` pushes to it',
  ),
  ERR_DEVICE_INVENTORY: error(
    2,
    'the inventory file is invalid (unknown field, missing host, plaintext password without `--allow-plaintext-passwords`)',
  ),
  ERR_DEVICE_HA_PAIR: reportedError(
    4,
    'per-device',
    'pre-flight: the device is one address of an HA pair (`highAvailability` "Operational"), or writes a value that is not documented; refused unless `--allow-ha` (with `--allow-reset`); `device enroll` refuses HA pairs always (a key made on one unit stays there)',
  ),
  ERR_DEVICE_CLOCK_SKEW: reportedError(
    4,
    'per-device',
    "pre-flight: the device's clock (`localTimeStamp`, else the `Date` header) is further from ours than `--max-clock-skew` (default 300 s); certificates would fail there",
  ),
  ERR_DEVICE_FILES_FETCH: error(
    4,
    '`device files --fetch-default`: a file could not be read over SFTP (missing, no permission)',
  ),
  ERR_DEVICE_AUTH_STOPPED: reportedError(
    4,
    'per-device',
    'the run stopped after `--max-auth-failures` devices in a row answered 401 (devices may lock the whole address out); this device was not contacted, and its `command` pushes to it',
  ),
} as const;
