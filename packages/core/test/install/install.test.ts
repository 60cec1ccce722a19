import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type InstallError, type InstallStep, installServerSet, LocalInstallFileSystem } from '../../src/index.js';
import { AT, expectSet, loadNewSet, loadOldSet, type TestSet, tempDir, writeSet } from './fixtures.js';

let oldSet: TestSet;
let newSet: TestSet;
let dir: string;
let cleanup: () => Promise<void>;
let target: string;
const fs = new LocalInstallFileSystem();
const now = () => new Date('2026-11-27T01:50:23.456Z');

beforeAll(async () => {
  [oldSet, newSet] = await Promise.all([loadOldSet(), loadNewSet()]);
});
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  target = join(dir, 'server_certs');
});
afterEach(() => cleanup());

function install(set: TestSet, extra: Partial<Parameters<typeof installServerSet>[0]> = {}) {
  return installServerSet({
    fs,
    target,
    certificates: set.certificates,
    keyFile: set.keyFile,
    key: set.key,
    at: AT,
    now,
    ...extra,
  });
}

describe('installServerSet', () => {
  it('replaces the set, backs the previous one up with its modes, and leaves nothing else', async () => {
    await writeSet(target, oldSet);
    const steps: InstallStep[] = [];
    const result = await install(newSet, { onStep: (step) => void steps.push(step) });
    await expectSet(target, newSet);
    const backup = join(dir, 'server_certs.backups', '20261127T015023Z');
    expect(result.backupDir).toBe(backup);
    await expectSet(backup, oldSet);
    expect((await stat(backup)).mode & 0o777).toBe(0o700);
    expect(result.installed.sort()).toEqual([...newSet.files.keys()].sort());
    expect(result.removed).toEqual([]);
    expect(result.reloaded).toBe(false);
    // The journal is written after staging and before anything in the target is replaced.
    const phases = steps.map((step) => step.phase);
    expect(phases.indexOf('journal')).toBe(newSet.files.size);
    expect(phases.lastIndexOf('backup')).toBeLessThan(phases.indexOf('switch'));
    expect(phases.at(-1)).toBe('finish');
  });

  it('removes a file the new set lacks (an old ca2.crt) and keeps it in the backup', async () => {
    await writeSet(target, newSet);
    const result = await install(oldSet);
    await expectSet(target, oldSet);
    expect(result.removed).toEqual(['ca2.crt']);
    await expectSet(result.backupDir as string, newSet);
  });

  it('installs into a missing target with no backup, and keeps a second backup apart in the same second', async () => {
    const first = await install(newSet);
    expect(first.backupDir).toBeNull();
    await expectSet(target, newSet);
    const second = await install(oldSet, { backupRoot: join(dir, 'backups') });
    const third = await install(newSet, { backupRoot: join(dir, 'backups') });
    expect(second.backupDir).toBe(join(dir, 'backups', '20261127T015023Z'));
    expect(third.backupDir).toBe(join(dir, 'backups', '20261127T015023Z-2'));
    await expectSet(second.backupDir as string, newSet);
    await expectSet(third.backupDir as string, oldSet);
  });

  it('leaves the target untouched when the set is refused', async () => {
    await writeSet(target, oldSet);
    const error = (await install({ ...newSet, key: oldSet.key }).catch((caught) => caught)) as InstallError;
    expect(error.code).toBe('ERR_INSTALL_KEY_MISMATCH');
    await expectSet(target, oldSet);
    expect(await readdir(dir)).toEqual(['server_certs']);
  });

  it('reloads after the swap, seeing the new files in place', async () => {
    await writeSet(target, oldSet);
    let seen: Uint8Array | undefined;
    const result = await install(newSet, {
      reload: async () => {
        seen = new Uint8Array(await readFile(join(target, 'server.crt')));
      },
    });
    expect(result.reloaded).toBe(true);
    expect(seen).toEqual(newSet.files.get('server.crt'));
  });

  it('puts the previous set back when the reload fails, and reloads it', async () => {
    await writeSet(target, oldSet);
    const served: string[] = [];
    const error = (await install(newSet, {
      reload: async () => {
        const crt = new Uint8Array(await readFile(join(target, 'server.crt')));
        const which = Buffer.from(crt).equals(newSet.files.get('server.crt') as Uint8Array) ? 'new' : 'old';
        served.push(which);
        if (which === 'new') throw new Error('the server did not start');
      },
    }).catch((caught) => caught)) as InstallError;
    expect(error.code).toBe('ERR_INSTALL_RELOAD_FAILED');
    expect(error.message).toContain('the server did not start');
    expect(error.message).toContain('the previous set was put back and the server was reloaded with it');
    expect(served).toEqual(['new', 'old']);
    await expectSet(target, oldSet);
    // The backup of the previous set stays.
    await expectSet(join(dir, 'server_certs.backups', '20261127T015023Z'), oldSet);
  });

  it('says so when reloading the restored set fails too, and removes a first install on failure', async () => {
    const error = (await install(newSet, {
      reload: async () => {
        throw new Error('no server here');
      },
    }).catch((caught) => caught)) as InstallError;
    expect(error.code).toBe('ERR_INSTALL_RELOAD_FAILED');
    expect(error.message).toContain('there was no previous set');
    expect(error.message).toContain('reloading it failed too');
    expect(await readdir(target)).toEqual([]);
  });
});
