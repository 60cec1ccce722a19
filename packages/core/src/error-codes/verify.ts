/** Failed checks of certwright verify (each exits 1). */
import { error } from './entry.js';

export const VERIFY_CODES = {
  ERR_VERIFY_FILE_MISSING: error(1, '`root.crt` or `server.crt` is missing, or `ca2.crt` is there without `ca1.crt`'),
  ERR_VERIFY_NOT_PEM: error(1, 'a file is not exactly one PEM certificate (DER, several blocks, a key…)'),
  ERR_VERIFY_ORDER: error(1, 'the chain validates but the files are not root → ca1 → ca2 → server'),
  ERR_VERIFY_SERVED_MISMATCH: error(1, '`--connect`: the server sends a different certificate than `server.crt`'),
  ERR_VERIFY_SERVED_INCOMPLETE: error(1, '`--connect`: the server sends `server.crt` without the intermediates'),
} as const;
