import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

/**
 * The guidelines' "Hostname Based" SBC device communication needs the server's FQDN in its
 * certificate: verify --device-mode hostname and the workflow's verify.device_mode warn when it is not.
 */
const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const chain = join(vectors, 'chains', 'rsa-two-intermediates');
const AT = ['--at', '2030-06-01T00:00:00Z'];
const CODE = 'WARN_VERIFY_HOSTNAME_MODE_NO_FQDN';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await mkdir(join(dir, 'set'));
  for (const name of ['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt'])
    await copyFile(join(chain, name), join(dir, 'set', name));
  await copyFile(join(vectors, 'keys', 'test-rsa-2048.key'), join(dir, 'set', 'server.key'));
});
afterAll(() => cleanup());

async function verify(...extra: string[]) {
  const run = await cli(dir, ['verify', '--dir', 'set', ...AT, '--json', ...extra]);
  const json = JSON.parse(run.stdout);
  const warnings: { code: string; message: string }[] = json.warnings ?? [];
  return { ...run, json, warnings: warnings.filter((warning) => warning.code === CODE) };
}

describe('verify --device-mode', () => {
  it('hostname with the FQDN among server.crt DNS names: no warning', async () => {
    const run = await verify('--device-mode', 'hostname', '--host', 'ovoc.example.com');
    expect(run.code).toBe(0);
    expect(run.warnings).toEqual([]);
  });

  it('hostname with an FQDN server.crt lacks: the warning names the FQDN and the names it has', async () => {
    const run = await verify('--device-mode', 'hostname', '--host', 'ovoc.other.example');
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings[0]?.message).toContain('"Hostname Based" SBC device communication needs the server\'s FQDN');
    expect(run.warnings[0]?.message).toContain(
      'ovoc.other.example is not among them (its DNS names are ovoc.example.com)',
    );
    // The name check of the chain fails too, as it does for any --host: exit 1.
    expect(run.code).toBe(1);
  });

  it('hostname with an IP address for --host: not an FQDN', async () => {
    const run = await verify('--device-mode', 'hostname', '--host', '192.0.2.10');
    expect(run.warnings[0]?.message).toContain('192.0.2.10 is an address, not an FQDN');
  });

  it('hostname without --host is a usage error', async () => {
    const run = await verify('--device-mode', 'hostname');
    expect([run.code, run.json.error.code]).toEqual([2, 'ERR_USAGE']);
    expect(run.json.error.message).toContain('--device-mode hostname needs --host');
  });

  it('ip mode, or no mode, never gives the warning', async () => {
    expect((await verify('--device-mode', 'ip', '--host', 'ovoc.other.example')).warnings).toEqual([]);
    expect((await verify('--host', 'ovoc.other.example')).warnings).toEqual([]);
  });
});

describe('workflow verify.device_mode', () => {
  const config = (host: string, mode = 'hostname') => `
key: { type: ec, encrypt: false }
csr:
  subject: { cn: ovoc.test.example, o: Workflow Test, c: US }
  sans: ["dns:ovoc.test.example"]
ca: { lab: { dir: lab-ca, intermediates: 1, encrypt: false } }
verify: { host: ${host}, device_mode: ${mode} }
`;

  /** Each run in a directory of its own: a workflow owns the files it writes. */
  async function runWorkflow(yaml: string, name: string) {
    const cwd = join(dir, name);
    await mkdir(cwd);
    await writeFile(join(cwd, 'workflow.yaml'), yaml);
    const run = await cli(cwd, ['workflow', 'run', '--config', 'workflow.yaml', '--json']);
    return { ...run, summary: run.stdout === '' ? undefined : JSON.parse(run.stdout) };
  }

  it('warns in step 6–7 when the certificate lacks verify.host, not when it holds it', async () => {
    const lacking = await runWorkflow(config('ovoc-missing.test.example'), 'lacking');
    const codes = (lacking.summary?.warnings ?? []).map((warning: { step: string; code: string }) => [
      warning.step,
      warning.code,
    ]);
    expect(codes).toContainEqual(['6–7', CODE]);
    const holding = await runWorkflow(config('ovoc.test.example'), 'holding');
    expect(holding.code, holding.stderr).toBe(0);
    expect(holding.summary.warnings.map((warning: { code: string }) => warning.code)).not.toContain(CODE);
  });

  it('device_mode hostname without verify.host is a config error naming the field', async () => {
    const run = await runWorkflow(
      config('x').replace('verify: { host: x, device_mode: hostname }', 'verify: { device_mode: hostname }'),
      'no-host',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('verify.device_mode: hostname needs verify.host');
  });

  it('an unknown mode is refused', async () => {
    const run = await runWorkflow(config('ovoc.test.example', 'fqdn'), 'bad-mode');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('verify.device_mode: must be one of ip, hostname');
  });
});
