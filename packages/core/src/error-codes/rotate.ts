/** HA rotation over SSH (certwright rotate, rotatePair). */
import { error, reportedError } from './entry.js';

export const ROTATE_CODES = {
  ERR_ROTATE_PLAN_SYNTAX: error(3, 'the plan is not valid YAML (the message gives the line)'),
  ERR_ROTATE_PLAN_INVALID: error(
    3,
    'a plan field is missing or wrong; the message and `field` name it (`nodes[1].probe.port`)',
  ),
  ERR_ROTATE_PLAN_UNKNOWN_FIELD: error(
    3,
    'the plan has a field Certwright does not know (a misspelling such as `reload_cmd`)',
  ),
  ERR_ROTATE_JOURNAL_UNFINISHED: error(
    2,
    'the journal of an unfinished run of this plan exists; continue it with `--resume`',
  ),
  ERR_ROTATE_JOURNAL_MISSING: error(2, '`--resume` but no journal; run without `--resume`'),
  ERR_ROTATE_JOURNAL_PLAN_CHANGED: error(
    2,
    '`--resume`, but the plan or a file it installs changed since the interrupted run',
  ),
  ERR_ROTATE_JOURNAL_INVALID: error(
    3,
    "the journal cannot be read, or does not say where a node's previous set was backed up",
  ),
  ERR_ROTATE_COMMAND_FAILED: error(
    1,
    'a `before` or `after` command exited non-zero; its last output lines are in the message',
  ),
  ERR_ROTATE_RELOAD_FAILED: reportedError(
    1,
    'per-node',
    "in the report (`nodes[].failureCode`): the node's reload command failed, so the node was rolled back",
  ),
  ERR_ROTATE_PROBE_MISMATCH: reportedError(
    1,
    'per-node',
    "in the report (`nodes[].failureCode`): after the reload the node's HTTPS port did not serve the new `server.crt` within the probe timeout, so the node was rolled back",
  ),
  ERR_ROTATE_UPLOAD_MISMATCH: error(1, "after the swap the node's target did not hold the new files byte for byte"),
  ERR_SSH_HOST_KEY_UNKNOWN: error(
    4,
    "the node's `known_hosts` file has no key for `host` (`[host]:port` when the port is not 22)",
  ),
  ERR_SSH_HOST_KEY_MISMATCH: error(
    4,
    'the node presented a host key other than the one in `known_hosts` (a reinstalled node, or a man in the middle); nothing was sent',
  ),
  ERR_SSH_HOST_KEY_REVOKED: error(4, "the node's host key is marked `@revoked` in `known_hosts`"),
  ERR_SSH_IDENTITY: error(3, 'the SSH identity file is not a usable private key, or its passphrase is wrong'),
  ERR_SSH_CONNECT: error(4, 'the SSH connection or authentication failed (refused, timed out, key not authorised)'),
  ERR_SSH_SFTP: error(
    4,
    'an SFTP operation on the node failed, or the server lacks `posix-rename@openssh.com` / `fsync@openssh.com` (OpenSSH has both)',
  ),
  ERR_SSH_COMMAND_TIMEOUT: error(4, 'a remote command (before/after/reload) did not finish within its timeout'),
} as const;
