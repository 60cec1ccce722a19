import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { readConfigYaml } from '@certwright/core';
import { parseWorkflowConfig } from '@certwright/deploy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../src/io/io.js';
import type { Asker } from '../src/workflow/ask.js';
import { runWizard } from '../src/workflow/wizard.js';
import { cli, tempDir } from './helpers.js';

/** Answers by question: each entry is tried in turn, so a wrong answer followed by a right one tests the check. */
type Script = [RegExp, string[]][];

/** An Asker that answers from a script and records what it was asked and which answers were refused. */
function scriptedAsker(script: Script) {
  const remaining = script.map(([pattern, answers]) => ({ pattern, answers: [...answers] }));
  const asked: string[] = [];
  const refused: string[] = [];
  const asker: Asker = {
    say: () => undefined,
    async ask(question, options = {}) {
      asked.push(question);
      const entry = remaining.find((candidate) => candidate.pattern.test(question) && candidate.answers.length > 0);
      if (!entry) throw new Error(`unscripted question: ${question}`);
      while (entry.answers.length > 0) {
        const given = entry.answers.shift() as string;
        const answer = given === '' ? (options.default ?? '') : given;
        const problem = options.check?.(answer);
        if (problem === undefined) return answer;
        refused.push(`${answer}: ${problem}`);
      }
      throw new Error(`no valid answer for ${question}`);
    },
    async confirm(question) {
      return (await asker.ask(question)) === 'y';
    },
  };
  return { asker, asked, refused };
}

/** A terminal Io whose hidden passphrase prompts are answered with `secret`. */
function terminalIo(cwd: string, secret: string): Io & { err(): string; out(): string } {
  const stdin = new PassThrough();
  let stderr = '';
  let stdout = '';
  return {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: {
      write: (text: string) => {
        stderr += text;
        if (/^(Enter|Repeat) the /.test(text)) setImmediate(() => stdin.write(`${secret}\n`));
        return true;
      },
    },
    stdin,
    interactive: true,
    env: { PATH: process.env.PATH, WIZARD_TEST_MARKER: 'inherited' },
    cwd,
    now: () => new Date(),
    err: () => stderr,
    out: () => stdout,
  };
}

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  await cleanup();
});

const SETUP: Script = [
  [/^Key type/, ['ec']],
  [/^EC curve/, ['']],
  [/passphrase come from/, ['prompt', 'prompt']],
  [/main host name/, ['not a host!', 'ovoc.example.com']],
  [/^Organisation$/, ['Example Corp']],
  [/^(Organisational unit|City|State)/, ['', '', '']],
  [/^Country code/, ['usa', 'US']],
  [/Every DNS name/, ['ovoc.example.com, ovoc_b!.example.com', 'ovoc.example.com, ovoc-b.example.com']],
  [/IP addresses/, ['300.1.1.1', '192.0.2.7']],
];

describe('the workflow wizard', () => {
  it('asks with validation, stops after step 3 for the CA, and continues at step 4 when run again', async () => {
    const secret = 'wizard-key-passphrase-1';
    const first = scriptedAsker([...SETUP, [/Which CA/, ['enterprise']], [/^Run step (1|2|3) now/, ['y', 'y', 'y']]]);
    const io = terminalIo(dir, secret);
    const code = await runWizard({
      io,
      asker: first.asker,
      configPath: 'workflow.yaml',
      statePath: 'workflow.state.json',
    });
    expect(code).toBe(0);
    expect(first.refused.map((line) => line.split(':')[0])).toEqual([
      'not a host!',
      'usa',
      'ovoc.example.com, ovoc_b!.example.com',
      '300.1.1.1',
    ]);
    const config = await readFile(join(dir, 'workflow.yaml'), 'utf8');
    expect(config).toContain('prompt: true');
    expect(config).toContain('ip:192.0.2.7');
    expect(config).not.toContain(secret);
    expect(await readFile(join(dir, 'server.csr'), 'utf8')).toContain('BEGIN CERTIFICATE REQUEST');
    expect(io.err()).toContain('Enter the passphrase for server.key');
    expect(io.err()).toContain('Repeat the passphrase for server.key');

    // The CA answers: certificates in ca-reply/, signed by a CA made elsewhere.
    await mkdir(join(dir, 'ca-reply'));
    expect(
      (await cli(dir, ['ca', 'init', '--out-dir', 'the-ca', '--intermediates', '1', '--type', 'ec', '--no-encrypt']))
        .code,
    ).toBe(0);
    expect(
      (await cli(dir, ['ca', 'sign', '--ca-dir', 'the-ca', '--csr', 'server.csr', '--out', 'ca-reply/cert.cer'])).code,
    ).toBe(0);
    await writeFile(
      join(dir, 'ca-reply/chain.pem'),
      [await readFile(join(dir, 'the-ca/root.crt'), 'utf8'), await readFile(join(dir, 'the-ca/ca1.crt'), 'utf8')].join(
        '',
      ),
    );

    const second = scriptedAsker([
      [/answer arrived/, ['y']],
      [/Where are the CA's files/, ['']],
      [/^Run step (4|6–7) now/, ['y', 'y']],
      [/certificate directory to install into/, ['']],
      [/Host name the certificate/, ['']],
      [/host:port/, ['ovoc.example.com', '']],
      [/inventory/, ['']],
    ]);
    const resumedIo = terminalIo(dir, secret);
    const resumed = await runWizard({
      io: resumedIo,
      asker: second.asker,
      configPath: 'workflow.yaml',
      statePath: 'workflow.state.json',
    });
    expect(resumed).toBe(0);
    expect(second.asked.some((question) => /Key type/.test(question))).toBe(false);
    expect(second.refused).toHaveLength(1);
    expect(await readFile(join(dir, 'server_certs/server.crt'), 'utf8')).toContain('BEGIN CERTIFICATE');
    // Resuming asks for the passphrase once (the key exists: no confirmation).
    expect(resumedIo.err()).not.toContain('Repeat the passphrase');
    const state = JSON.parse(await readFile(join(dir, 'workflow.state.json'), 'utf8'));
    expect(Object.keys(state.steps)).toEqual(['1', '2', '3', '4', '6']);
    expect(resumedIo.out()).toContain('Still to do by hand');
    // The summary covers every step, not only those this session ran.
    expect(resumedIo.out()).toMatch(/ 1 +already-done /);
    expect(resumedIo.out()).toMatch(/ 4 +done /);
    expect(resumedIo.out()).toMatch(/ 5 +skipped /);
  });

  it('saves a config that reads back as answered, even answers YAML would read as numbers', async () => {
    // `0b101` is a number to js-yaml (core's reader) though not to every YAML 1.2 writer: it must be quoted.
    const answers = ['0b101', '0x1F', '1e3'];
    const wizard = scriptedAsker([
      ...SETUP.map(([pattern, given]): [RegExp, string[]] =>
        pattern.source.startsWith('^(Organisational unit') ? [pattern, answers] : [pattern, given],
      ),
      [/Which CA/, ['enterprise']],
      [/^Run step 1 now/, ['n']],
    ]);
    await runWizard({
      io: terminalIo(dir, 'unused'),
      asker: wizard.asker,
      configPath: 'workflow.yaml',
      statePath: 'workflow.state.json',
    });
    const text = await readFile(join(dir, 'workflow.yaml'), 'utf8');
    const config = await parseWorkflowConfig(text, 'workflow.yaml', dir);
    expect(config.csr.subject).toMatchObject({ cn: 'ovoc.example.com', o: 'Example Corp', ou: '0b101', l: '0x1F' });
    expect(config.csr.subject).toMatchObject({ st: '1e3', c: 'US' });
    const document = readConfigYaml(text, { source: 'workflow.yaml', fail: (fault) => new Error(fault.message) });
    expect(document).toMatchObject({ csr: { subject: { ou: '0b101', l: '0x1F', st: '1e3' } } });
  });

  it('keeps prompted passphrases out of the reload command’s environment', async () => {
    const secret = 'never-in-a-child-env-9b2e';
    const wizard = scriptedAsker([
      ...SETUP,
      [/Which CA/, ['lab']],
      [/^Run step .* now/, ['y', 'y', 'y', 'y', 'y', 'y']],
      [/certificate directory to install into/, ['installed']],
      [/reloads the server/, ['env > reload-env.txt']],
      [/backup of the previous set/, ['']],
      [/Host name the certificate/, ['ovoc-b.example.com']],
      [/host:port/, ['']],
      [/inventory/, ['']],
    ]);
    const io = terminalIo(dir, secret);
    const code = await runWizard({
      io,
      asker: wizard.asker,
      configPath: 'workflow.yaml',
      statePath: 'workflow.state.json',
    });
    expect(code).toBe(0);
    const childEnv = await readFile(join(dir, 'reload-env.txt'), 'utf8');
    expect(childEnv).toContain('WIZARD_TEST_MARKER=inherited');
    expect(childEnv).not.toContain(secret);
    expect(await readFile(join(dir, 'installed/server.key'), 'utf8')).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(await readFile(join(dir, 'workflow.yaml'), 'utf8')).not.toContain(secret);
  });

  it('without a terminal, says to use workflow run --config', async () => {
    const { code, stderr } = await cli(dir, ['workflow']);
    expect(code).toBe(2);
    expect(stderr).toContain('certwright workflow run --config workflow.yaml');
  });
});
