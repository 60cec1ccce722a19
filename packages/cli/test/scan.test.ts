import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:tls';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type Leaf, type TestPki } from '../../scan/test/support/pki.js';
import { scanHandler } from '../src/actions/scan.js';
import { scanSpec } from '../src/commands/scan.js';
import { optionsOf } from '../src/spec/defaults.js';
import { buildProgram, configureEveryCommand } from '../src/program.js';
import type { Runner } from '../src/runner.js';
import { cli, memoryIo, tempDir } from './helpers.js';

const AT = '2027-02-15T00:00:00Z';

let pki: TestPki;
let leaf: Leaf;
let server: Server;
let port: number;
let work: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  work = await tempDir();
  pki = await createTestPki();
  leaf = await pki.leaf({
    cn: 'ovoc.example.test',
    sans: [
      { type: 'dns', value: 'ovoc.example.test' },
      { type: 'ip', value: '127.0.0.1' },
    ],
  });
  await writeFile(join(work.dir, 'root.pem'), pki.rootPem);
  server = createServer({ cert: `${leaf.certificatePem}${pki.intermediatePem}`, key: leaf.keyPem }, (socket) =>
    socket.end(),
  );
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await work.cleanup();
});

async function parse(argv: string[]): Promise<unknown> {
  let recorded: unknown;
  const runner: Runner = {
    async run(_command, options) {
      recorded = options;
    },
  };
  const program = buildProgram(runner, '0.0.0');
  configureEveryCommand(program, { writeErr: () => undefined, writeOut: () => undefined });
  await program.parseAsync(argv, { from: 'user' });
  return recorded;
}

describe('certwright scan: argv → options', () => {
  it('maps targets, repeatable flags and defaults', async () => {
    expect(
      await parse([
        'scan',
        'a.example:8443',
        '--ovoc',
        'ovoc',
        '--ldap',
        'dc1',
        '--ldap',
        'dc2',
        '--name',
        'ovoc.example.com',
      ]),
    ).toEqual({
      targets: ['a.example:8443'],
      inventory: [],
      ovoc: ['ovoc'],
      ldap: ['dc1', 'dc2'],
      sql: [],
      files: [],
      names: ['ovoc.example.com'],
      caFile: undefined,
      ciphers: false,
      concurrency: 32,
      timeoutSeconds: 10,
      at: undefined,
      failOn: 'expired,untrusted',
      json: false,
      calendar: undefined,
      remind: '30d,7d',
      prometheus: undefined,
      html: undefined,
      force: false,
      serve: false,
      listen: undefined,
      interval: '1h',
      storepass: { file: undefined, env: undefined, fd: undefined },
    });
    const options = (await parse([
      'scan',
      '--inventory',
      'd.csv',
      '--ciphers',
      '--json',
      '--fail-on',
      'weak-tls',
      '--storepass-env',
      'P',
    ])) as Record<string, unknown>;
    expect(options).toMatchObject({
      inventory: ['d.csv'],
      ciphers: true,
      json: true,
      failOn: 'weak-tls',
      storepass: { env: 'P' },
    });
  });

  it('refuses --serve with --json (commander conflict, exit 2)', async () => {
    const result = await cli(work.dir, ['scan', 'x:1', '--serve', '--listen', '127.0.0.1:0', '--json']);
    expect(result.code).toBe(2);
  });
});

describe('certwright scan: usage errors are exit 2 and name the flag', () => {
  it.each([
    [['scan'], 'nothing to scan'],
    [['scan', 'x:1', '--fail-on', 'expired,sometimes'], '--fail-on "sometimes"'],
    [['scan', 'x:1', '--fail-on', 'expiring'], 'expiring:30d'],
    [['scan', 'x:1', '--remind', '30'], '--remind "30"'],
    [['scan', 'ftp://x'], 'target "ftp://x"'],
    [['scan', 'x:1', '--serve'], '--serve needs --listen'],
    [['scan', 'x:1', '--listen', '127.0.0.1:1'], '--listen goes with --serve'],
    [['scan', 'x:1', '--serve', '--listen', 'nowhere'], '--listen "nowhere"'],
    [['scan', 'x:1', '--serve', '--listen', '127.0.0.1:0', '--interval', 'often'], '--interval "often"'],
  ])('%j', async (argv, message) => {
    const result = await cli(work.dir, argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('certwright scan: exit codes for schedulers', () => {
  const base = ['--ca-file', 'root.pem', '--at', AT, '--timeout', '5'];

  it('0 when every target was scanned and nothing meets --fail-on', async () => {
    const result = await cli(work.dir, ['scan', `127.0.0.1:${port}`, ...base]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`127.0.0.1:${port}`);
    expect(result.stdout).toMatch(/1 targets: 1 scanned, 0 not; 2 certificates; findings: expiring 1/);
  });

  it('1 when a finding meets --fail-on, even with a target unreachable', async () => {
    const result = await cli(work.dir, [
      'scan',
      `127.0.0.1:${port}`,
      '127.0.0.1:1',
      ...base,
      '--fail-on',
      'expiring:30d',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`fails --fail-on: 127.0.0.1:${port}: leaf CN=ovoc.example.test`);
  });

  it('5 when some targets could not be scanned', async () => {
    const result = await cli(work.dir, ['scan', `127.0.0.1:${port}`, '127.0.0.1:1', ...base]);
    expect(result.code).toBe(5);
    expect(result.stdout).toContain('not scanned: ECONNREFUSED');
  });

  it('4 when none could', async () => {
    const result = await cli(work.dir, ['scan', '127.0.0.1:1', ...base]);
    expect(result.code).toBe(4);
  });

  it('--json: the report, the exit code and the failing findings on stdout', async () => {
    const result = await cli(work.dir, ['scan', `127.0.0.1:${port}`, ...base, '--json', '--fail-on', 'expiring:15d']);
    expect(result.code).toBe(1);
    const body = JSON.parse(result.stdout);
    expect(body).toMatchObject({ ok: false, exitCode: 1, at: '2027-02-15T00:00:00.000Z', files: [], warnings: [] });
    expect(body.failing).toHaveLength(1);
    expect(body.endpoints[0]).toMatchObject({ target: `127.0.0.1:${port}`, status: 'scanned', sni: null });
    expect(body.endpoints[0].chain.certificates[0].daysLeft).toBe(14);
  });
});

describe('certwright scan: output files', () => {
  it('writes the calendar, Prometheus and HTML files, and refuses to overwrite without --force', async () => {
    const outputs = ['--calendar', 'expiry.ics', '--prometheus', 'scan.prom', '--html', 'scan.html'];
    const argv = ['scan', `127.0.0.1:${port}`, '--ca-file', 'root.pem', '--at', AT, ...outputs];
    expect((await cli(work.dir, argv)).code).toBe(0);
    expect(await readFile(join(work.dir, 'expiry.ics'), 'utf8')).toContain('BEGIN:VCALENDAR');
    expect(await readFile(join(work.dir, 'scan.prom'), 'utf8')).toContain('certwright_scan_target_up');
    expect(await readFile(join(work.dir, 'scan.html'), 'utf8')).toContain('<!DOCTYPE html>');
    const again = await cli(work.dir, argv);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('expiry.ics: already exists (use --force to overwrite)');
    expect((await cli(work.dir, [...argv, '--force'])).code).toBe(0);
  });
});

describe('certwright scan --serve', () => {
  it('serves the latest scan on /metrics until SIGTERM, then exits 0', async () => {
    const io = memoryIo(work.dir);
    const options = optionsOf(scanSpec, {
      targets: [`127.0.0.1:${port}`],
      concurrency: 4,
      timeoutSeconds: 5,
      failOn: 'expired',
      remind: '30d',
      interval: '1h',
      serve: true,
      listen: '127.0.0.1:0',
      caFile: 'root.pem',
      at: AT,
    });
    const running = scanHandler(options, io);
    let metrics = '';
    for (let attempt = 0; attempt < 200 && !metrics.includes('certwright_scan_target_up'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const address = /serving metrics at (http:\/\/[^\s,]+)/.exec(io.err())?.[1];
      if (address !== undefined && io.err().includes('scan finished')) metrics = await (await fetch(address)).text();
    }
    expect(metrics).toContain(`certwright_scan_target_up{target="127.0.0.1:${port}"} 1`);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await running).toBe(0);
  });
});

describe('the progress bar', () => {
  it('is drawn in place on a terminal and not at all otherwise', async () => {
    const { scanProgress } = await import('../src/actions/scan-progress.js');
    let drawn = '';
    const bar = scanProgress({ write: (text: string) => (drawn += text) }, 2, true);
    bar.finished(true);
    bar.finished(false);
    bar.end();
    expect(drawn).toContain('\r[###############...............] 1/2  scanned 1  not 0');
    expect(drawn.endsWith('2/2  scanned 1  not 1\u001b[K\n')).toBe(true);
    let quiet = '';
    const none = scanProgress({ write: (text: string) => (quiet += text) }, 2, false);
    none.finished(true);
    none.end();
    expect(quiet).toBe('');
  });
});
