/** What is at a path, the path itself when it is a symbolic link (never what the link points to). */
export interface InstallEntry {
  type: 'file' | 'directory' | 'symlink' | 'other';
  /** Owned by the user the install runs as (or by root). */
  ownedBySelfOrRoot: boolean;
  /** Writable by group or others (mode bits 0o022). */
  writableByOthers: boolean;
}

/** The file operations an install needs. Local disk and SFTP both provide them; paths are POSIX. */
export interface InstallFileSystem {
  /**
   * The file's bytes, or undefined when it does not exist. A symbolic link or anything but a
   * regular file must be an error, never followed or read (a link to /etc/shadow, a FIFO).
   */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /**
   * What is at `path` without following a link, or undefined when nothing is. When provided, an
   * install refuses links and special files at its managed names, and a backup directory that is
   * a link or someone else's, before it changes anything. LocalInstallFileSystem provides it.
   */
  entry?(path: string): Promise<InstallEntry | undefined>;
  /** Creates the file with this mode (fails if it exists), writes and flushes it to disk. */
  writeNewFile(path: string, data: Uint8Array, mode: number): Promise<void>;
  /** Atomic rename that replaces `to` if it exists (POSIX rename). */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; no error when it is already gone. */
  remove(path: string): Promise<void>;
  /** Names in a directory ([] when it does not exist). */
  list(dir: string): Promise<string[]>;
  /** Creates a directory and its parents with this mode; no error when it exists. */
  makeDirectory(path: string, mode: number): Promise<void>;
  /** Flushes a directory's entries (renames) to disk where the platform allows; may be a no-op. */
  syncDirectory(path: string): Promise<void>;
}
