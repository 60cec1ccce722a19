import { spawnSync } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, openssl, tempDir } from './helpers.js';

/** A quick config: EC keys, unencrypted (the encrypted path has its own test), a lab CA with two intermediates. */
const QUICK = `
key: { type: ec, encrypt: false }
csr:
  subject: { cn: ovoc.test.example, o: Workflow Test, c: US }
  sans: ["dns:ovoc.test.example", "dns:ovoc-b.test.example", "ip:192.0.2.10"]
ca: { lab: { dir: lab-ca, intermediates: 2, encrypt: false } }
verify: { host: ovoc-b.test.example }
`;

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  await cleanup();
});

async function run(args: string[] = [], env: Record<string, string> = {}) {
  const result = await cli(dir, ['workflow', 'run', '--config', 'workflow.yaml', '--json', ...args], env);
  const summary = result.stdout === '' ? undefined : JSON.parse(result.stdout);
  return { ...result, summary };
}

function statuses(summary: { steps: { step: string; status: string }[] }): Record<string, string> {
  return Object.fromEntries(summary.steps.map((step) => [step.step, step.status]));
}

async function state(): Promise<{ steps: Record<string, { status: string }> }> {
  return JSON.parse(await readFile(join(dir, 'workflow.state.json'), 'utf8'));
}

describe('workflow run', () => {
  it('runs steps 1–4 and 6–7 with a lab CA, announcing each step, and lists what is left by hand', async () => {
    await writeFile(join(dir, 'workflow.yaml'), QUICK);
    const { code, stderr, summary } = await run();
    expect(code).toBe(0);
    expect(summary.status).toBe('finished');
    expect(statuses(summary)).toEqual({
      '1': 'done',
      '2': 'done',
      '3': 'done',
      '4': 'done',
      '5': 'skipped',
      '6–7': 'done',
      '8': 'skipped',
    });
    for (const heading of ['Step 1 — ', 'Step 2 — ', 'Step 3 — ', 'Step 4 — ', 'Step 6–7 — ']) {
      expect(stderr).toContain(heading);
    }
    expect(summary.manual.join('\n')).toContain('Set Mutual Authentication');
    // --no-encrypt's warning, from the command the step ran, reaches the summary.
    expect(summary.warnings).toContainEqual(expect.objectContaining({ step: '1', code: 'WARN_KEY_UNENCRYPTED' }));
    expect((await stat(join(dir, 'server.key'))).mode & 0o777).toBe(0o600);
    // The real openssl agrees the imported set is a chain for this host.
    const out = await openssl(dir, [
      'verify',
      '-CAfile',
      'server_certs/root.crt',
      '-untrusted',
      'server_certs/ca1.crt',
      '-untrusted',
      'server_certs/ca2.crt',
      '-purpose',
      'sslserver',
      '-verify_hostname',
      'ovoc-b.test.example',
      'server_certs/server.crt',
    ]);
    expect(out).toContain('server_certs/server.crt: OK');
    expect(Object.entries((await state()).steps).map(([id, record]) => [id, record.status])).toEqual([
      ['1', 'done'],
      ['2', 'done'],
      ['3', 'done'],
      ['4', 'done'],
      ['6', 'done'],
    ]);
  });

  it('continues where it stopped: a rerun redoes nothing but the check', async () => {
    await writeFile(join(dir, 'workflow.yaml'), QUICK);
    expect((await run(['--to-step', '2'])).summary.status).toBe('finished');
    const key = await readFile(join(dir, 'server.key'));
    const second = await run();
    expect(statuses(second.summary)).toMatchObject({
      '1': 'already-done',
      '2': 'already-done',
      '3': 'done',
      '4': 'done',
    });
    const third = await run();
    expect(statuses(third.summary)).toMatchObject({ '1': 'already-done', '4': 'already-done', '6–7': 'done' });
    expect(await readFile(join(dir, 'server.key'))).toEqual(key);
  });

  it('notices a changed input and refuses until told where to redo from', async () => {
    await writeFile(join(dir, 'workflow.yaml'), QUICK);
    await run();
    const key = await readFile(join(dir, 'server.key'));
    const csr = await readFile(join(dir, 'server.csr'), 'utf8');
    await writeFile(join(dir, 'workflow.yaml'), QUICK.replace('Workflow Test', 'Renamed Org'));
    const refused = await run();
    expect(refused.code).toBe(2);
    expect(refused.summary.error.code).toBe('ERR_WORKFLOW_STALE');
    expect(refused.stderr).toContain('--from-step 2');
    expect(await readFile(join(dir, 'server.csr'), 'utf8')).toBe(csr);

    const redone = await run(['--from-step', '2']);
    expect(redone.code).toBe(0);
    expect(await readFile(join(dir, 'server.csr'), 'utf8')).not.toBe(csr);
    expect(await readFile(join(dir, 'server.key'))).toEqual(key);

    await writeFile(join(dir, 'server_certs/ca1.crt'), 'tampered\n');
    const tampered = await run();
    expect(tampered.code).toBe(2);
    expect(tampered.stderr).toContain('server_certs/ca1.crt changed');
  });

  it('never replaces a key it did not create, but redoes a step it was killed in', async () => {
    await writeFile(join(dir, 'workflow.yaml'), QUICK);
    await writeFile(join(dir, 'server.key'), 'the operator key\n', { mode: 0o600 });
    const refused = await run();
    expect(refused.code).toBe(2);
    expect(refused.summary.error.code).toBe('ERR_OUTPUT_EXISTS');
    expect(await readFile(join(dir, 'server.key'), 'utf8')).toBe('the operator key\n');

    // As a SIGKILL right after the key was written leaves it: the step started, not finished.
    const startedAt = new Date().toISOString();
    await writeFile(
      join(dir, 'workflow.state.json'),
      JSON.stringify({
        version: 1,
        steps: { '1': { status: 'started', startedAt, settings: '', inputs: {}, outputs: {} } },
      }),
    );
    const resumed = await run();
    expect(resumed.code).toBe(0);
    expect(await readFile(join(dir, 'server.key'), 'utf8')).toContain('BEGIN PRIVATE KEY');
  });

  it('starts at step 2 with a key made elsewhere, and later runs start there too', async () => {
    await writeFile(join(dir, 'workflow.yaml'), QUICK);
    expect((await cli(dir, ['key', 'create', '--type', 'ec', '--no-encrypt', '--out', 'server.key'])).code).toBe(0);
    const key = await readFile(join(dir, 'server.key'));
    const first = await run(['--from-step', '2']);
    expect(first.code).toBe(0);
    expect(Object.keys(statuses(first.summary))).not.toContain('1');
    const again = await run();
    expect(again.code).toBe(0);
    expect(statuses(again.summary)).toMatchObject({ '2': 'already-done', '4': 'already-done', '6–7': 'done' });
    expect(Object.keys(statuses(again.summary))).not.toContain('1');
    expect(await readFile(join(dir, 'server.key'))).toEqual(key);
  });

  it('pauses at step 4 until the enterprise CA answers, then continues', async () => {
    await writeFile(
      join(dir, 'workflow.yaml'),
      QUICK.replace('ca: { lab: { dir: lab-ca, intermediates: 2, encrypt: false } }', 'ca: { files: ["ca-reply/*"] }'),
    );
    const first = await run();
    expect(first.code).toBe(0);
    expect(first.summary.status).toBe('paused');
    expect(statuses(first.summary)).toMatchObject({ '3': 'done', '4': 'paused', '6–7': 'not-run' });
    expect(first.summary.manual[0]).toContain('Send server.csr to the CA');

    // The "enterprise CA": a lab CA elsewhere whose answer lands in ca-reply/, names of its choosing.
    expect(
      (await cli(dir, ['ca', 'init', '--out-dir', 'the-ca', '--intermediates', '2', '--type', 'ec', '--no-encrypt']))
        .code,
    ).toBe(0);
    await mkdir(join(dir, 'ca-reply'));
    expect(
      (await cli(dir, ['ca', 'sign', '--ca-dir', 'the-ca', '--csr', 'server.csr', '--out', 'ca-reply/certnew.cer']))
        .code,
    ).toBe(0);
    for (const name of ['root', 'ca1', 'ca2']) {
      await writeFile(join(dir, `ca-reply/${name}-cert.pem`), await readFile(join(dir, `the-ca/${name}.crt`)));
    }
    const second = await run();
    expect(second.code).toBe(0);
    expect(statuses(second.summary)).toMatchObject({ '3': 'already-done', '4': 'done', '6–7': 'done' });
  });

  it('reports a failed check with exit 1 and the step that failed', async () => {
    await writeFile(join(dir, 'workflow.yaml'), QUICK.replace('host: ovoc-b.test.example', 'host: elsewhere.example'));
    const { code, summary } = await run();
    expect(code).toBe(1);
    expect(summary.ok).toBe(false);
    expect(summary.status).toBe('failed');
    expect(statuses(summary)['6–7']).toBe('failed');
    expect(JSON.stringify(summary)).toContain('ERR_CHAIN_HOSTNAME_MISMATCH');
  });

  it('validates the whole config before doing anything', async () => {
    await writeFile(join(dir, 'workflow.yaml'), QUICK.replace('c: US', 'c: USA'));
    const { code, summary } = await run();
    expect(code).toBe(2);
    expect(summary.error).toMatchObject({ code: 'ERR_WORKFLOW_CONFIG_INVALID', field: 'csr.subject.c' });
    await expect(stat(join(dir, 'server.key'))).rejects.toThrow();
  });

  it('reads passphrases from the environment and never writes them anywhere', async () => {
    const config = QUICK.replace('encrypt: false }', 'passphrase: { env: KEY_PASS } }').replace(
      'intermediates: 2, encrypt: false',
      'intermediates: 1, passphrase: { env: CA_PASS }',
    );
    await writeFile(join(dir, 'workflow.yaml'), config);
    const missing = await run();
    expect(missing.code).toBe(2);
    expect(missing.summary.error).toMatchObject({ code: 'ERR_SECRET_UNAVAILABLE', field: 'key.passphrase' });
    await expect(stat(join(dir, 'server.key'))).rejects.toThrow();

    const env = { KEY_PASS: 'key-secret-4f9a', CA_PASS: 'ca-secret-77c1' };
    const { code, stdout, stderr } = await run([], env);
    expect(code).toBe(0);
    const written = stdout + stderr + (await readFile(join(dir, 'workflow.state.json'), 'utf8'));
    for (const secret of Object.values(env)) expect(written).not.toContain(secret);
    expect(await readFile(join(dir, 'server.key'), 'utf8')).toContain('BEGIN ENCRYPTED PRIVATE KEY');
  });

  it('refuses a prompted passphrase without a terminal, naming the field, before any step', async () => {
    await writeFile(join(dir, 'workflow.yaml'), QUICK.replace('encrypt: false }', 'passphrase: { prompt: true } }'));
    const { code, summary } = await run();
    expect(code).toBe(2);
    expect(summary.error).toMatchObject({ code: 'ERR_SECRET_UNAVAILABLE', field: 'key.passphrase' });
    await expect(stat(join(dir, 'workflow.state.json'))).rejects.toThrow();
  });

  it('runs one at a time per state file, and takes over the lock of a killed run', async () => {
    await writeFile(join(dir, 'workflow.yaml'), QUICK);
    // A live process holds the lock: this test's parent.
    await writeFile(join(dir, 'workflow.state.json.lock'), `${process.ppid}\n`);
    const locked = await run(['--to-step', '1']);
    expect(locked.code).toBe(2);
    expect(locked.summary.error.code).toBe('ERR_WORKFLOW_LOCKED');
    await expect(stat(join(dir, 'server.key'))).rejects.toThrow();
    // A process that has exited holds it: taken over, and released at the end.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(join(dir, 'workflow.state.json.lock'), `${gone}\n`);
    expect((await run(['--to-step', '1'])).code).toBe(0);
    await expect(stat(join(dir, 'workflow.state.json.lock'))).rejects.toThrow();
  });

  it('refuses --from-step after --to-step and steps outside 1–8', async () => {
    await writeFile(join(dir, 'workflow.yaml'), QUICK);
    expect((await run(['--from-step', '5', '--to-step', '3'])).code).toBe(2);
    expect((await run(['--to-step', '9'])).code).toBe(2);
  });
});
