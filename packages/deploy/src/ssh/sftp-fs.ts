import { posix } from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import { RotateError } from '../errors.js';

/** SFTP status codes (draft-ietf-secsh-filexfer-02) that the operations below tell apart. */
const SFTP_NO_SUCH_FILE = 2;

/** ssh2 reports SFTP failures as Errors with the numeric status as `code`. */
type SftpError = Error & { code?: number | string };

/**
 * The install engine's file operations over SFTP, so a node's swap is exactly `certwright
 * install`'s swap. Needs OpenSSH's extensions: posix-rename@openssh.com (an atomic rename that
 * replaces the target, which plain SFTP rename does not do) and fsync@openssh.com (flush before
 * the rename). SFTP cannot flush a directory: syncDirectory is a no-op on the node.
 */
export class SftpInstallFileSystem {
  constructor(
    private readonly sftp: SFTPWrapper,
    /** The node's name, for messages. */
    private readonly node: string,
  ) {}

  async readFile(path: string): Promise<Uint8Array | undefined> {
    try {
      const data = await this.call<Buffer>('read', path, (done) => this.sftp.readFile(path, done));
      return new Uint8Array(data);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async writeNewFile(path: string, data: Uint8Array, mode: number): Promise<void> {
    const handle = await this.call<Buffer>('create', path, (done) => this.sftp.open(path, 'wx', { mode }, done));
    try {
      // The server applies its umask at creation; set the exact mode (never wider than created with).
      await this.call('chmod', path, (done) => this.sftp.fchmod(handle, mode, done));
      let offset = 0;
      while (offset < data.length) {
        const length = Math.min(32 * 1024, data.length - offset);
        const chunk = Buffer.from(data.buffer, data.byteOffset + offset, length);
        await this.call('write', path, (done) => this.sftp.write(handle, chunk, 0, length, offset, done));
        offset += length;
      }
      await this.call('flush', path, (done) => this.extension(() => this.sftp.ext_openssh_fsync(handle, done)));
    } finally {
      await this.call('close', path, (done) => this.sftp.close(handle, done)).catch(() => undefined);
    }
  }

  async rename(from: string, to: string): Promise<void> {
    await this.call('rename', `${from} → ${to}`, (done) =>
      this.extension(() => this.sftp.ext_openssh_rename(from, to, done)),
    );
  }

  async remove(path: string): Promise<void> {
    try {
      await this.call('remove', path, (done) => this.sftp.unlink(path, done));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async list(dir: string): Promise<string[]> {
    try {
      const entries = await this.call<{ filename: string }[]>('list', dir, (done) => this.sftp.readdir(dir, done));
      return entries.map((entry) => entry.filename).filter((name) => name !== '.' && name !== '..');
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  async makeDirectory(path: string, mode: number): Promise<void> {
    const missing: string[] = [];
    for (let dir = posix.normalize(path); dir !== '/' && dir !== '.'; dir = posix.dirname(dir)) {
      if (await this.isDirectory(dir)) break;
      missing.unshift(dir);
    }
    for (const dir of missing) {
      try {
        await this.call('mkdir', dir, (done) => this.sftp.mkdir(dir, { mode }, done));
      } catch (error) {
        // Created meanwhile by someone else: fine. Anything else is a failure.
        if (!(await this.isDirectory(dir))) throw error;
      }
    }
  }

  async syncDirectory(_path: string): Promise<void> {
    // SFTP has no directory fsync; the files themselves were flushed with fsync@openssh.com.
  }

  /** Read-only: the mode bits of a file, or undefined when it does not exist (for reports and checks). */
  async mode(path: string): Promise<number | undefined> {
    try {
      const stats = await this.call<{ mode: number }>('stat', path, (done) => this.sftp.lstat(path, done));
      return stats.mode & 0o7777;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  private async isDirectory(path: string): Promise<boolean> {
    try {
      const stats = await this.call<{ isDirectory(): boolean }>('stat', path, (done) => this.sftp.stat(path, done));
      return stats.isDirectory();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  /** Calls an OpenSSH extension; ssh2 throws synchronously when the server does not offer it. */
  private extension(call: () => void): void {
    try {
      call();
    } catch (error) {
      throw new RotateError(
        'ERR_SSH_SFTP',
        `${this.node}: the SFTP server lacks an OpenSSH extension needed for a safe swap (${(error as Error).message})`,
        { cause: error },
      );
    }
  }

  /** Turns one callback-style SFTP call into a promise whose failure names the node, operation and path. */
  private call<T = void>(
    operation: string,
    path: string,
    start: (done: (error?: Error | null, value?: T) => void) => void,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const done = (error?: Error | null, value?: T) => {
        if (error) reject(this.sftpError(operation, path, error as SftpError));
        else resolve(value as T);
      };
      try {
        start(done);
      } catch (error) {
        reject(error instanceof RotateError ? error : this.sftpError(operation, path, error as SftpError));
      }
    });
  }

  private sftpError(operation: string, path: string, error: SftpError): RotateError {
    return new RotateError('ERR_SSH_SFTP', `${this.node}: SFTP ${operation} ${path} failed (${error.message})`, {
      source: path,
      cause: error,
    });
  }
}

/** The SFTP status sits on the cause of the RotateError the call failed with. */
function isMissing(error: unknown): boolean {
  return ((error as { cause?: SftpError }).cause?.code ?? undefined) === SFTP_NO_SUCH_FILE;
}
