import { openSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSecret } from '../src/io/secrets.js';
import { memoryIo, tempDir } from './helpers.js';

const spec = { flag: 'passphrase', purpose: 'passphrase for k.pem', confirm: false };

/** A fake terminal: raw mode is recorded, keystrokes are typed after the prompt appears. */
function terminalIo(cwd: string, keystrokes: string[]) {
  const io = memoryIo(cwd);
  const stdin = new PassThrough() as PassThrough & { setRawMode: (mode: boolean) => void; rawModes: boolean[] };
  stdin.rawModes = [];
  stdin.setRawMode = (mode: boolean) => stdin.rawModes.push(mode);
  let prompts = 0;
  const stderr = io.stderr.write;
  io.stderr = {
    write: (text: string) => {
      stderr(text);
      if (text.startsWith('Enter') || text.startsWith('Repeat')) {
        const typed = keystrokes[prompts++];
        if (typed !== undefined) setImmediate(() => stdin.write(typed));
      }
      return true;
    },
  };
  return Object.assign(io, { stdin, interactive: true });
}

describe('readSecret', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
  });
  afterAll(() => cleanup());

  it('takes the first line of a file, without CRLF', async () => {
    writeFileSync(join(dir, 'p.txt'), 'line one\r\nline two\n');
    expect(await readSecret({ file: 'p.txt' }, spec, memoryIo(dir))).toBe('line one');
  });

  it('reads an environment variable, and names it when unset', async () => {
    expect(await readSecret({ env: 'P' }, spec, memoryIo(dir, { P: 'from env' }))).toBe('from env');
    await expect(readSecret({ env: 'UNSET_VAR' }, spec, memoryIo(dir))).rejects.toMatchObject({
      code: 'ERR_SECRET_UNAVAILABLE',
      message: expect.stringContaining('UNSET_VAR'),
    });
  });

  it('reads a file descriptor', async () => {
    writeFileSync(join(dir, 'fd.txt'), 'via fd\n');
    const fd = openSync(join(dir, 'fd.txt'), 'r');
    try {
      expect(await readSecret({ fd }, spec, memoryIo(dir))).toBe('via fd');
    } finally {
      try {
        closeSync(fd);
      } catch {
        // the stream closed it already
      }
    }
  });

  it('refuses an empty secret and more than one source', async () => {
    writeFileSync(join(dir, 'empty.txt'), '\n');
    await expect(readSecret({ file: 'empty.txt' }, spec, memoryIo(dir))).rejects.toMatchObject({
      code: 'ERR_SECRET_EMPTY',
    });
    await expect(readSecret({ file: 'p.txt', env: 'P' }, spec, memoryIo(dir, { P: 'x' }))).rejects.toMatchObject({
      code: 'ERR_USAGE',
    });
  });

  it('with no source and no terminal fails with advice, and never prompts', async () => {
    const io = memoryIo(dir);
    await expect(readSecret({}, { ...spec, alternative: 'or --no-encrypt' }, io)).rejects.toMatchObject({
      code: 'ERR_SECRET_UNAVAILABLE',
      message: expect.stringMatching(/--passphrase-file, --passphrase-env or --passphrase-fd, or --no-encrypt/),
    });
    expect(io.err()).toBe('');
  });

  it('prompts on a terminal without echoing, handles backspace, restores the mode', async () => {
    const io = terminalIo(dir, ['hunter2x\u007f\r']);
    expect(await readSecret({}, spec, io)).toBe('hunter2');
    expect(io.err()).not.toContain('hunter');
    expect(io.stdin.rawModes).toEqual([true, false]);
  });

  it('asks twice when confirming, and refuses entries that differ', async () => {
    const same = terminalIo(dir, ['abc\r', 'abc\r']);
    expect(await readSecret({}, { ...spec, confirm: true }, same)).toBe('abc');
    const differ = terminalIo(dir, ['abc\r', 'abd\r']);
    await expect(readSecret({}, { ...spec, confirm: true }, differ)).rejects.toMatchObject({
      code: 'ERR_SECRET_MISMATCH',
    });
  });

  it('Ctrl-C cancels the prompt', async () => {
    await expect(readSecret({}, spec, terminalIo(dir, ['ab\u0003']))).rejects.toMatchObject({
      code: 'ERR_SECRET_UNAVAILABLE',
    });
  });
});
