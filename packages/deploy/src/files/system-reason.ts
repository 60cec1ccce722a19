/**
 * Why the system refused a file operation, in plain words for a one-line message (`server.key:
 * cannot be written: the folder does not exist`) instead of an errno name. An errno the table
 * does not know keeps its name, so nothing is hidden.
 */
export function systemReason(error: unknown, doing: 'reading' | 'writing'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return doing === 'writing' ? 'the folder does not exist' : 'it does not exist';
  const known = code === undefined ? undefined : REASONS[code];
  if (known !== undefined) return known;
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
};
