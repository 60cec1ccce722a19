import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostKeyAlgorithms, judgeHostKey, knownHostsName, parseKnownHosts, parsePlan } from '@certwright/deploy';
import { buildProgram } from '../src/program.js';
import type { Runner } from '../src/runner.js';
import { cli, execFileAsync, tempDir } from './helpers.js';
import { makeServerSet } from './rotate-support/ssh-pair.mjs';

const context = { source: 'ha.yaml', baseDir: '/plans', home: '/home/op', knownHostsOptional: false };

const VALID = `
files: { dir: new_certs, key: keys/server.key }
defaults:
  user: root
  identity_file: ~/.ssh/id_ed25519
  known_hosts: known_hosts
  probe: { port: 443 }
before:
  - { node: primary, run: ha-stop }
nodes:
  - name: primary
    host: 192.0.2.11
    target: /home/acems/server_certs
    reload: systemctl restart ovoc-web
  - name: secondary
    host: 192.0.2.12
    port: 2222
    target: /home/acems/server_certs/
    reload: systemctl restart ovoc-web
    probe: { port: 8443, server_name: ovoc2.example.com, timeout: 30 }
after:
  - { node: primary, run: ha-start, timeout: 900 }
`;

describe('rotation plan', () => {
  it('reads a full plan, with defaults, relative and ~/ paths resolved', async () => {
    const plan = await parsePlan(VALID, context);
    expect(plan.sharedFiles).toBe(true);
    const [primary, secondary] = plan.nodes;
    expect(primary).toMatchObject({
      name: 'primary',
      port: 22,
      user: 'root',
      identityFile: '/home/op/.ssh/id_ed25519',
      knownHosts: '/plans/known_hosts',
      target: '/home/acems/server_certs',
      probe: { host: '192.0.2.11', port: 443, serverName: undefined, timeoutSeconds: 60 },
      files: { dir: '/plans/new_certs', key: '/plans/keys/server.key' },
    });
    expect(secondary).toMatchObject({
      port: 2222,
      target: '/home/acems/server_certs',
      probe: { port: 8443, serverName: 'ovoc2.example.com', timeoutSeconds: 30 },
    });
    expect(plan.before).toEqual([{ node: 'primary', run: 'ha-stop', timeoutSeconds: 300 }]);
    expect(plan.after).toEqual([{ node: 'primary', run: 'ha-start', timeoutSeconds: 900 }]);
  });

  it('reads the sample plans of examples/ha.yaml and docs/ha-rotation.md', async () => {
    const root = new URL('../../../', import.meta.url);
    const example = await parsePlan(await readFile(new URL('examples/ha.yaml', root), 'utf8'), context);
    expect(example.nodes.map((node) => node.name)).toEqual(['primary', 'secondary']);
    expect(example.after[0]?.timeoutSeconds).toBe(1800);
    const runbook = await readFile(new URL('docs/ha-rotation.md', root), 'utf8');
    const sample = /```yaml\n([\s\S]*?)```/.exec(runbook)?.[1] as string;
    expect((await parsePlan(sample, context)).nodes[1]?.probe).toMatchObject({
      serverName: 'ovoc2.example.com',
      timeoutSeconds: 120,
    });
  });

  it('takes per-node sets instead of a shared one', async () => {
    const text = VALID.replace('files: { dir: new_certs, key: keys/server.key }', '').replace(
      'reload: systemctl restart ovoc-web\n  - name: secondary',
      'reload: systemctl restart ovoc-web\n    files: { dir: a, key: a.key }\n  - name: secondary\n    files: { dir: b, key: b.key }',
    );
    const plan = await parsePlan(text, context);
    expect(plan.sharedFiles).toBe(false);
    expect(plan.nodes.map((node) => node.files.dir)).toEqual(['/plans/a', '/plans/b']);
  });

  it('lets --insecure-skip-host-key-check do without known_hosts', async () => {
    const text = VALID.replace('  known_hosts: known_hosts\n', '');
    await expect(parsePlan(text, context)).rejects.toThrow(/defaults\.known_hosts: is required/);
    expect((await parsePlan(text, { ...context, knownHostsOptional: true })).nodes[0]?.knownHosts).toBeUndefined();
  });

  const refusals: [string, string, string, string][] = [
    [
      'not YAML',
      'a: 1\nnodes: [\n',
      'ERR_ROTATE_PLAN_SYNTAX',
      'not valid YAML: unexpected end of the stream within a flow collection at line 3, column 1',
    ],
    [
      'a repeated key',
      'nodes: []\nnodes: []\n',
      'ERR_ROTATE_PLAN_SYNTAX',
      'not valid YAML: duplicated mapping key at line 2, column 1',
    ],
    ['not a mapping', '- a\n- b\n', 'ERR_ROTATE_PLAN_INVALID', 'must be a mapping'],
    [
      'a misspelt field',
      VALID.replace('reload: systemctl', 'reload_cmd: systemctl'),
      'ERR_ROTATE_PLAN_UNKNOWN_FIELD',
      'nodes[0].reload_cmd',
    ],
    ['no nodes', 'nodes: []\n', 'ERR_ROTATE_PLAN_INVALID', 'nodes: must list at least one node'],
    [
      'a relative target',
      VALID.replace('/home/acems/server_certs/', 'server_certs'),
      'ERR_ROTATE_PLAN_INVALID',
      'nodes[1].target: must be an absolute path',
    ],
    [
      'the root as target',
      VALID.replace('/home/acems/server_certs/', '/'),
      'ERR_ROTATE_PLAN_INVALID',
      'nodes[1].target: must not be the root',
    ],
    [
      'a bad port',
      VALID.replace('port: 2222', 'port: 70000'),
      'ERR_ROTATE_PLAN_INVALID',
      'nodes[1].port: must be a whole number from 1 to 65535',
    ],
    [
      'a probe port as text',
      VALID.replace('port: 8443', 'port: "8443"'),
      'ERR_ROTATE_PLAN_INVALID',
      'nodes[1].probe.port',
    ],
    [
      'two nodes of one name',
      VALID.replace('name: secondary', 'name: primary'),
      'ERR_ROTATE_PLAN_INVALID',
      'nodes[1].name: "primary" is used',
    ],
    [
      'a command on no node',
      VALID.replace('node: primary, run: ha-stop', 'node: tertiary, run: ha-stop'),
      'ERR_ROTATE_PLAN_INVALID',
      'before[0].node: "tertiary" is not a node',
    ],
    [
      'no files anywhere',
      VALID.replace('files: { dir: new_certs, key: keys/server.key }', ''),
      'ERR_ROTATE_PLAN_INVALID',
      'nodes[0].files: is required',
    ],
    [
      'a two-line command',
      VALID.replace('run: ha-stop', 'run: "ha-stop\\nrm -rf /"'),
      'ERR_ROTATE_PLAN_INVALID',
      'before[0].run: must be one line',
    ],
    [
      'no reload',
      VALID.replace('    reload: systemctl restart ovoc-web\n  - name: secondary', '  - name: secondary'),
      'ERR_ROTATE_PLAN_INVALID',
      'defaults.reload: is required',
    ],
    ['version 2', `version: 2\n${VALID}`, 'ERR_ROTATE_PLAN_INVALID', 'version: must be 1'],
  ];
  it.each(refusals)('refuses %s with a one-line message naming the field', async (_what, text, code, message) => {
    let caught: unknown;
    try {
      await parsePlan(text, context);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code });
    const text_ = (caught as Error).message;
    expect(text_).toContain(message);
    expect(text_.startsWith('ha.yaml: ')).toBe(true);
    expect(text_).not.toContain('\n');
  });
});

describe('rotate argv', () => {
  it('maps flags to options; secrets only from file, env or fd', async () => {
    const seen: unknown[] = [];
    const runner: Runner = {
      run: async (_name, options) => {
        seen.push(options);
      },
    };
    await buildProgram(runner, '0')
      .exitOverride()
      .parseAsync(
        [
          'rotate',
          '--plan',
          'ha.yaml',
          '--resume',
          '--insecure-skip-host-key-check',
          '--ssh-passphrase-env',
          'SSH_PASS',
          '--passphrase-file',
          'p.txt',
          '--json',
        ],
        { from: 'user' },
      );
    expect(seen[0]).toEqual({
      plan: 'ha.yaml',
      journal: undefined,
      dryRun: false,
      resume: true,
      insecureSkipHostKeyCheck: true,
      passphrase: { file: 'p.txt', env: undefined, fd: undefined },
      sshPassphrase: { file: undefined, env: 'SSH_PASS', fd: undefined },
      json: true,
    });
    expect(seen[0]).toMatchObject({ dryRun: false, sshPassphrase: { env: 'SSH_PASS' }, passphrase: { file: 'p.txt' } });
  });
});

describe('known_hosts', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let keyA: Buffer;
  let keyB: Buffer;
  let lineA: string;
  let lineB: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    for (const name of ['a', 'b']) {
      await execFileAsync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)]);
    }
    const [typeA, blobA] = (await readFile(join(dir, 'a.pub'), 'utf8')).split(' ');
    const [typeB, blobB] = (await readFile(join(dir, 'b.pub'), 'utf8')).split(' ');
    lineA = `${typeA} ${blobA}`;
    lineB = `${typeB} ${blobB}`;
    keyA = Buffer.from(blobA as string, 'base64');
    keyB = Buffer.from(blobB as string, 'base64');
  });
  afterAll(() => cleanup());

  it('names non-standard ports as OpenSSH does', () => {
    expect(knownHostsName('ovoc1', 22)).toBe('ovoc1');
    expect(knownHostsName('10.0.0.1', 2222)).toBe('[10.0.0.1]:2222');
  });

  it('trusts a listed key, refuses another key for the host, knows nothing of other hosts', () => {
    const entries = parseKnownHosts(`# comment\n\n[10.0.0.1]:2222,ovoc1 ${lineA}\n`);
    expect(judgeHostKey(entries, '10.0.0.1', 2222, keyA)).toBe('trusted');
    expect(judgeHostKey(entries, 'OVOC1', 22, keyA)).toBe('trusted');
    expect(judgeHostKey(entries, '10.0.0.1', 2222, keyB)).toBe('mismatch');
    expect(judgeHostKey(entries, '10.0.0.1', 22, keyA)).toBe('unknown');
    expect(judgeHostKey(entries, '10.0.0.2', 2222, keyA)).toBe('unknown');
  });

  it('matches names hashed by ssh-keygen -H', async () => {
    const file = join(dir, 'known_hosts');
    await writeFile(file, `[127.0.0.1]:2200 ${lineA}\novoc2.example.com ${lineB}\n`);
    await execFileAsync('ssh-keygen', ['-H', '-f', file]);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('127.0.0.1');
    expect(text).toContain('|1|');
    const entries = parseKnownHosts(text);
    expect(judgeHostKey(entries, '127.0.0.1', 2200, keyA)).toBe('trusted');
    expect(judgeHostKey(entries, 'ovoc2.example.com', 22, keyB)).toBe('trusted');
    expect(judgeHostKey(entries, 'ovoc2.example.com', 22, keyA)).toBe('mismatch');
    expect(judgeHostKey(entries, '127.0.0.2', 2200, keyA)).toBe('unknown');
  });

  it('applies wildcards and negation, and refuses @revoked keys', () => {
    const entries = parseKnownHosts(
      `*.example.com,!bad.example.com ${lineA}\n@revoked * ${lineB}\n@cert-authority * ${lineA}\n`,
    );
    expect(judgeHostKey(entries, 'ovoc1.example.com', 22, keyA)).toBe('trusted');
    expect(judgeHostKey(entries, 'bad.example.com', 22, keyA)).toBe('unknown');
    expect(judgeHostKey(entries, 'ovoc1.example.com', 22, keyB)).toBe('revoked');
  });

  it('offers the host-key algorithms of the known keys it can verify', () => {
    expect(
      hostKeyAlgorithms(parseKnownHosts(`h ${lineA}\nh ssh-rsa AAAA\nh sk-ssh-ed25519@openssh.com AAAA\n`)),
    ).toEqual(['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  });
});

describe('rotate journal rules (refused before any connection)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const plan = (dir: string) => join(dir, 'ha.yaml');

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    await makeServerSet(join(dir, 'new'), 'new.ovoc.test');
    await writeFile(
      plan(dir),
      VALID.replace('files: { dir: new_certs, key: keys/server.key }', 'files: { dir: new, key: new/server.key }'),
    );
  });
  afterAll(() => cleanup());

  it('--resume without a journal is a usage error', async () => {
    const result = await cli(dir, ['rotate', '--plan', 'ha.yaml', '--resume', '--json'], { HOME: dir });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_ROTATE_JOURNAL_MISSING');
  });

  it('--resume refuses a journal written for another plan or other files', async () => {
    const journal = {
      version: 1,
      digest: '0'.repeat(64),
      startedAt: '2026-11-27T00:00:00.000Z',
      updatedAt: '2026-11-27T00:00:00.000Z',
      before: ['done'],
      nodes: [
        { name: 'primary', phase: 'rotated', backup: null },
        { name: 'secondary', phase: 'pending' },
      ],
      after: ['pending'],
    };
    await writeFile(join(dir, 'ha.yaml.journal'), JSON.stringify(journal));
    const result = await cli(dir, ['rotate', '--plan', 'ha.yaml', '--resume', '--json'], { HOME: dir });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_ROTATE_JOURNAL_PLAN_CHANGED');
    // Without --resume the same journal blocks a fresh start.
    const fresh = await cli(dir, ['rotate', '--plan', 'ha.yaml'], { HOME: dir });
    expect(fresh.code).toBe(2);
    expect(fresh.stderr).toMatch(/ERR_ROTATE_JOURNAL_UNFINISHED|did not finish; run again with --resume/);
  });

  it('a journal that is not one is invalid input', async () => {
    await writeFile(join(dir, 'other.journal'), '{"version": 7}');
    const result = await cli(dir, ['rotate', '--plan', 'ha.yaml', '--journal', 'other.journal', '--resume'], {
      HOME: dir,
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/other\.journal: not a rotation journal/);
  });

  it('a broken plan is invalid input, named in one line', async () => {
    await writeFile(join(dir, 'bad.yaml'), VALID.replace('port: 2222', 'port: twenty'));
    const result = await cli(dir, ['rotate', '--plan', 'bad.yaml', '--dry-run'], { HOME: dir });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('certwright: error: bad.yaml: nodes[1].port: must be a whole number from 1 to 65535\n');
  });
});
