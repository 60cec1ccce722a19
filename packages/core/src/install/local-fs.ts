import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import type { InstallEntry, InstallFileSystem } from './install-fs.js';

const MAX_MANAGED_FILE_BYTES = 16 * 1024 * 1024;

/** The local disk as an InstallFileSystem (POSIX paths, as Node takes them on Linux and macOS). */
export class LocalInstallFileSystem implements InstallFileSystem {
  /**
   * Opened without following a link (ELOOP) and without blocking (a FIFO), and read only when the
   * open descriptor is a regular file: what is read is always the file at that name.
   */
  async readFile(path: string): Promise<Uint8Array | undefined> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREGULAR' });
      // Nothing an install manages is this large; a planted huge file must not fill memory.
      if (info.size > MAX_MANAGED_FILE_BYTES) throw Object.assign(new Error(`${path} is too large`), { code: 'EFBIG' });
      return new Uint8Array(await handle.readFile());
    } finally {
      await handle.close();
    }
  }

  async entry(path: string): Promise<InstallEntry | undefined> {
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const self = process.geteuid?.();
    const type = info.isSymbolicLink()
      ? 'symlink'
      : info.isFile()
        ? 'file'
        : info.isDirectory()
          ? 'directory'
          : 'other';
    return {
      type,
      ownedBySelfOrRoot: self === undefined || info.uid === self || info.uid === 0,
      writableByOthers: (info.mode & 0o022) !== 0,
    };
  }

  async writeNewFile(path: string, data: Uint8Array, mode: number): Promise<void> {
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
    const handle = await open(path, flags, mode);
    try {
      // The umask may have narrowed the mode; set it exactly before any byte is written.
      await handle.chmod(mode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async rename(from: string, to: string): Promise<void> {
    await rename(from, to);
  }

  async remove(path: string): Promise<void> {
    try {
      await unlink(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  async list(dir: string): Promise<string[]> {
    try {
      return await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async makeDirectory(path: string, mode: number): Promise<void> {
    await mkdir(path, { recursive: true, mode });
  }

  async syncDirectory(path: string): Promise<void> {
    const handle = await open(path, constants.O_RDONLY);
    try {
      await handle.sync();
    } catch (error) {
      // Some file systems cannot flush a directory; the renames are still atomic there.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'ENOTSUP') throw error;
    } finally {
      await handle.close();
    }
  }
}
