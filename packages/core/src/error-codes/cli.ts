/** Errors of the command line itself: usage, files, secrets. */
import { error } from './entry.js';

export const CLI_CODES = {
  ERR_USAGE: error(2, "contradictory or unusable flags (commander's own parse errors also exit 2)"),
  ERR_OUTPUT_EXISTS: error(2, 'the output file exists and `--force` was not given; the file is untouched'),
  ERR_OUTPUT_UNWRITABLE: error(
    2,
    'the output (or its directory) cannot be written, or a directory or special file is at an output name; a set of files is then left as it was (every previous file put back)',
  ),
  ERR_SECRET_UNAVAILABLE: error(
    2,
    'no passphrase source and no terminal to prompt on, an unset `--…-env` variable, an unreadable `--…-fd` (or more than 64 KiB on it without a line end), or a cancelled prompt',
  ),
  ERR_SECRET_EMPTY: error(2, 'the passphrase given is empty'),
  ERR_SECRET_MISMATCH: error(2, 'the two prompted entries differ'),
  ERR_FILE_NOT_FOUND: error(3, 'an input file does not exist'),
  ERR_FILE_READ: error(
    3,
    'an input file cannot be read: permission, a directory, not a regular file (a FIFO, a device such as `/dev/zero`, a socket: refused without reading), larger than 16 MiB',
  ),
  ERR_NETWORK_CONNECT: error(4, '`verify --connect`: the TLS handshake failed (refused, timed out, not TLS)'),
  ERR_INTERNAL: error(70, 'a bug; rerun with `CERTWRIGHT_DEBUG=1` for the stack trace'),
} as const;
