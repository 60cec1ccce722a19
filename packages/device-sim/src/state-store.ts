// The state directory of one device: `saved.json` (its flash: survives a restart of the simulator) and
// `state.json` (a snapshot of the real state for tests). Both hold private keys: 0600, written atomically.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceConfiguration, DeviceStateSnapshot } from './types.js';

export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, data, { mode, flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export class DeviceStateStore {
  private writing: Promise<void> = Promise.resolve();
  private pending: (() => DeviceStateSnapshot) | undefined;
  private savedWritten: string | undefined;

  constructor(readonly directory: string) {}

  async open(): Promise<DeviceConfiguration | undefined> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    try {
      return JSON.parse(await readFile(join(this.directory, 'saved.json'), 'utf8')) as DeviceConfiguration;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Writes the snapshot (and the saved configuration within it); concurrent calls collapse into the latest state. */
  write(snapshot: () => DeviceStateSnapshot): Promise<void> {
    const first = this.pending === undefined;
    this.pending = snapshot;
    if (!first) return this.writing;
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        const take = this.pending;
        this.pending = undefined;
        if (!take) return;
        const state = take();
        const saved = `${JSON.stringify(state.saved, null, 2)}\n`;
        // The saved configuration changes far less often than the state: write it only when it did.
        if (saved !== this.savedWritten) {
          await writeFileAtomic(join(this.directory, 'saved.json'), saved);
          this.savedWritten = saved;
        }
        await writeFileAtomic(join(this.directory, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
      });
    return this.writing;
  }
}
