import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

// Issue 15: file and descriptor errors in plain words, after the one prefix.
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(async () => cleanup?.());

describe('file errors in plain words', () => {
  it('an output into a folder that does not exist', async () => {
    const run = await cli(dir, ['key', 'create', '--out', 'missing/server.key', '--type', 'ec', '--no-encrypt']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'certwright: error: missing/server.key: cannot be written: the folder does not exist\n',
    );
  });

  it('a secret descriptor that is not open', async () => {
    const run = await cli(dir, ['key', 'create', '--out', 'server.key', '--type', 'ec', '--passphrase-fd', '9999']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'certwright: error: --passphrase-fd 9999: cannot be read: no file descriptor with that number is open\n',
    );
  });
});
