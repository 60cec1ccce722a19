/** Install refusals and failures (certwright install, installServerSet). */
import { error } from './entry.js';

export const INSTALL_CODES = {
  ERR_INSTALL_SET_INCOMPLETE: error(
    1,
    'the `--dir` set lacks `root.crt` or `server.crt`, or has `ca2.crt` without `ca1.crt`',
  ),
  ERR_INSTALL_SET_NOT_PEM: error(1, 'a file of the set is not a PEM file holding exactly one certificate'),
  ERR_INSTALL_CHAIN_INVALID: error(
    1,
    'the chain root → ca1 → ca2 → server is not valid at `--at` for TLS server use (expired, not yet valid, bad signature, …); the chain problems are listed',
  ),
  ERR_INSTALL_SET_MISNAMED: error(
    1,
    'the chain is valid but not in the order the file names say; rerun `certwright import`',
  ),
  ERR_INSTALL_KEY_MISMATCH: error(1, 'the `--key` does not match `server.crt`'),
  ERR_INSTALL_TARGET_UNSAFE: error(
    1,
    'a managed name in the target (`root.crt` … `server.key`, the journal) is a symbolic link, a directory or a special file (FIFO, device), the target is not a real directory, or the backup directory is a link, not a directory, belongs to another user or can be written by others; nothing is changed',
  ),
  ERR_INSTALL_INTERRUPTED: error(
    1,
    "a swap was started while the journal of an interrupted install is pending (the library's `swapFiles`; the CLI always finishes it first)",
  ),
  ERR_INSTALL_JOURNAL_INVALID: error(
    1,
    "the target's install journal cannot be read; nothing is changed — compare the target with the newest backup, then remove `.certwright-install.journal` by hand",
  ),
  ERR_INSTALL_JOURNAL_MISMATCH: error(
    1,
    'finishing an interrupted install found files that differ from what the journal recorded (something else changed them); the install stops',
  ),
  ERR_INSTALL_IO: error(
    1,
    'a file operation of the install failed (permission, full disk); before the journal is written the target is unchanged, after it the next run finishes the swap',
  ),
  ERR_INSTALL_RELOAD_FAILED: error(
    1,
    'the `--reload-cmd` failed or timed out; the previous set was put back and reloaded; its output is printed',
  ),
} as const;
