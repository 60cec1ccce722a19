/**
 * Why the system refused a file or network operation, in plain words for a one-line message (`server.key:
 * cannot be written: the folder does not exist`) instead of an errno name. An errno the table
 * does not know keeps its name, so nothing is hidden.
 */
export function systemReason(error: unknown, doing: 'reading' | 'writing' | 'connecting'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' && doing !== 'connecting') {
    return doing === 'writing' ? 'the folder does not exist' : 'it does not exist';
  }
  const known = code === undefined ? undefined : REASONS[code];
  if (known !== undefined) return known;
  // A connection's error without an errno (a timeout, a TLS alert) says it best in its own words.
  if (doing === 'connecting' && error instanceof Error) return error.message;
  return code === undefined ? 'an unexpected error' : `an unexpected system error (${code})`;
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENAMETOOLONG: 'the name is too long',
  EEXIST: 'it already exists',
  ELOOP: 'too many symbolic links in the path',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  EIO: 'an input/output error (is the disk failing?)',
  EXDEV: 'it is on another file system',
  EBUSY: 'it is in use',
  ETXTBSY: 'it is in use',
  EAGAIN: 'it is not ready yet; try again',
  EFBIG: 'the file would be too large',
  ENXIO: 'no device or reader at the other end',
  ECONNREFUSED: 'the connection was refused (nothing listens there)',
  ECONNRESET: 'the other side closed the connection',
  EPIPE: 'the other side closed the connection',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  ENOTFOUND: 'the name does not resolve',
  EAI_AGAIN: 'the name does not resolve (no answer from DNS)',
  EADDRINUSE: 'the address is already in use',
  EADDRNOTAVAIL: "the address is not one of this machine's",
};
