import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

// Issue 15: under --json, a usage error the argument parser catches prints the failure document on
// stdout, as every other failure does; its stderr line has the one prefix, `certwright: error:`.
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(async () => cleanup?.());

describe('usage errors caught by the argument parser', () => {
  it.each([
    ['an unknown option', ['key', 'create', '--out', 'k.pem', '--bogus'], /^unknown option '--bogus'$/],
    [
      'a bad choice',
      ['key', 'create', '--out', 'k.pem', '--type', 'dsa'],
      /'dsa' is invalid\. Allowed choices are rsa, ec, ed25519/,
    ],
    ['a missing argument', ['csr', 'show'], /^missing required argument 'csr'$/],
    ['a missing required option', ['key', 'create'], /^required option '--out <file>' not specified$/],
    ['a value that does not parse', ['key', 'create', '--out', 'k.pem', '--passphrase-fd', 'x'], /--passphrase-fd/],
    ['an unknown command', ['kee', 'create'], /unknown command 'kee'/],
  ])('%s: exit 2, the JSON error document on stdout, one prefixed line on stderr', async (_label, argv, message) => {
    const run = await cli(dir, [...argv, '--json']);
    expect(run.code).toBe(2);
    const document = JSON.parse(run.stdout);
    expect(document).toEqual({ ok: false, error: { code: 'ERR_USAGE', message: expect.stringMatching(message) } });
    expect(run.stderr).toMatch(/^certwright: error: /);
    expect(run.stderr).not.toMatch(/^error: /m);
  });

  it('without --json, stdout stays empty', async () => {
    const run = await cli(dir, ['key', 'create', '--out', 'k.pem', '--bogus']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^certwright: error: unknown option '--bogus'/);
  });

  it('keeps a value typed after = out of the JSON document too (it may be a secret)', async () => {
    const run = await cli(dir, ['key', 'create', '--out', 'k.pem', '--passphrase=hunter2', '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).not.toContain('hunter2');
    expect(run.stderr).not.toContain('hunter2');
    expect(JSON.parse(run.stdout).error.message).toBe("unknown option '--passphrase=…'");
  });
});
