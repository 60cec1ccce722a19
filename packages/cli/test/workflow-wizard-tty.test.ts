import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

// The wizard on a real terminal: tmux gives the built CLI a pseudo-terminal, so the echo of
// answers and the hiding of passphrases are the terminal's, as an operator would see them.
const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/certwright.js', import.meta.url));
const session = `certwright-wizard-${process.pid}`;

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  await run('tmux', ['kill-session', '-t', session]).catch(() => undefined);
  await cleanup();
});

async function screen(): Promise<string> {
  const { stdout } = await run('tmux', ['capture-pane', '-p', '-J', '-S', '-500', '-t', session]);
  return stdout;
}

/** Waits until `pattern` has appeared `times` times on the terminal. */
async function waitFor(pattern: RegExp, times = 1): Promise<void> {
  const global = new RegExp(pattern.source, 'g');
  for (let attempt = 0; attempt < 600; attempt++) {
    if (((await screen()).match(global)?.length ?? 0) >= times) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the terminal never showed ${pattern} (${times}×):\n${await screen()}`);
}

async function answer(pattern: RegExp, text: string, times = 1): Promise<void> {
  await waitFor(pattern, times);
  await run('tmux', ['send-keys', '-t', session, '-l', text]);
  await run('tmux', ['send-keys', '-t', session, 'Enter']);
}

describe('the wizard on a terminal', () => {
  it('asks, re-asks after a wrong answer, hides the passphrase and stops after step 3', async () => {
    const secret = 'tty-secret-5c1d';
    const command = `cd '${dir}' && '${process.execPath}' '${bin}' workflow; echo EXIT=$?; sleep 60`;
    await run('tmux', ['new-session', '-d', '-s', session, '-x', '220', '-y', '50', command]);
    await answer(/Key type \(rsa, ec\) \[rsa\]: /, 'ec');
    await answer(/EC curve/, '');
    await answer(/key passphrase come from/, '');
    await answer(/main host name \(common name\): /, 'not a host');
    await answer(/main host name \(common name\): /, 'ovoc.tty.example', 2);
    await answer(/Organisation: /, 'TTY Org');
    await answer(/Organisational unit/, '');
    await answer(/City or locality/, '');
    await answer(/State or province/, '');
    await answer(/Country code: /, 'usa');
    await answer(/Country code: /, 'US', 2);
    await answer(/Every DNS name/, '');
    await answer(/IP addresses/, '192.0.2.44');
    await answer(/Which CA signs it/, '');
    await answer(/Run step 1 now\?/, 'y');
    await answer(/Enter the passphrase for server.key: /, secret);
    await answer(/Repeat the passphrase for server.key: /, secret);
    await answer(/Run step 2 now\?/, 'y');
    await answer(/Run step 3 now\?/, 'y');
    await waitFor(/EXIT=0/);
    const text = await screen();
    expect(text).toContain('is not a host name');
    expect(text).toContain('two capital letters');
    expect(text).toContain('send server.csr to the CA');
    expect(text).not.toContain(secret);
    expect(await readFile(join(dir, 'workflow.yaml'), 'utf8')).toContain('ip:192.0.2.44');
    expect(await readFile(join(dir, 'server.key'), 'utf8')).toContain('BEGIN ENCRYPTED PRIVATE KEY');
  }, 90_000);
});
