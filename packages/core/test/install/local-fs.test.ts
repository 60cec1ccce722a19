import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalInstallFileSystem } from '../../src/index.js';
import { tempDir } from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
const fs = new LocalInstallFileSystem();
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

describe('LocalInstallFileSystem', () => {
  it('creates files with the exact mode whatever the umask, and never over an existing one', async () => {
    const previous = process.umask(0o077);
    try {
      await fs.writeNewFile(join(dir, 'a.crt'), new TextEncoder().encode('cert'), 0o644);
      await fs.writeNewFile(join(dir, 'a.key'), new TextEncoder().encode('key'), 0o600);
    } finally {
      process.umask(previous);
    }
    expect((await stat(join(dir, 'a.crt'))).mode & 0o777).toBe(0o644);
    expect((await stat(join(dir, 'a.key'))).mode & 0o777).toBe(0o600);
    await expect(fs.writeNewFile(join(dir, 'a.crt'), new Uint8Array([1]), 0o644)).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(await readFile(join(dir, 'a.crt'), 'utf8')).toBe('cert');
  });

  it('reads, renames over, lists and removes; missing things are not errors', async () => {
    expect(await fs.readFile(join(dir, 'missing'))).toBeUndefined();
    expect(await fs.list(join(dir, 'missing-dir'))).toEqual([]);
    await fs.remove(join(dir, 'missing'));
    await writeFile(join(dir, 'old'), 'old');
    await writeFile(join(dir, 'new'), 'new');
    await fs.rename(join(dir, 'new'), join(dir, 'old'));
    expect(new TextDecoder().decode(await fs.readFile(join(dir, 'old')))).toBe('new');
    expect(await fs.list(dir)).toEqual(['old']);
    await fs.makeDirectory(join(dir, 'a', 'b'), 0o700);
    await fs.makeDirectory(join(dir, 'a', 'b'), 0o700);
    expect((await stat(join(dir, 'a', 'b'))).mode & 0o777).toBe(0o700);
    await fs.syncDirectory(join(dir, 'a', 'b'));
  });
});
