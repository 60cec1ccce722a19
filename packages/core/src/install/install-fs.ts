/** The file operations an install needs. Local disk and SFTP both provide them; paths are POSIX. */
export interface InstallFileSystem {
  /** The file's bytes, or undefined when it does not exist. */
  readFile(path: string): Promise<Uint8Array | undefined>;
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
