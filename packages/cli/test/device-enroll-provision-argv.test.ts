import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { deviceEnrollSpec } from '../src/commands/device/enroll.js';
import { deviceProvisionSpec } from '../src/commands/device/provision.js';
import { configureEveryCommand } from '../src/program.js';
import type { Runner } from '../src/runner.js';
import { bindCommand } from '../src/spec/bind.js';

const noHandler = async () => async () => 0 as const;
const deviceEnrollCommand = (runner: Runner) => bindCommand(runner, deviceEnrollSpec, noHandler);
const deviceProvisionCommand = (runner: Runner) => bindCommand(runner, deviceProvisionSpec, noHandler);

/** The two commands under a `device` parent, with a runner that records the options instead of running. */
async function parse(argv: string[]): Promise<unknown> {
  let recorded: unknown;
  const runner: Runner = {
    async run(_command, options) {
      recorded = options;
    },
  };
  const device = new Command('device')
    .addCommand(deviceEnrollCommand(runner))
    .addCommand(deviceProvisionCommand(runner));
  configureEveryCommand(device, { writeErr: () => undefined, writeOut: () => undefined });
  await device.parseAsync(argv, { from: 'user' });
  return recorded;
}

const noSecret = { file: undefined, env: undefined, fd: undefined };

describe('device enroll and device provision: argv → options', () => {
  it('maps enroll flags, with the key size as a number and --device repeatable', async () => {
    const options = await parse([
      'enroll',
      '--inventory',
      'd.csv',
      '--ca-dir',
      'lab-ca',
      '--ca-passphrase-file',
      'p.txt',
      '--root',
      'root.pem',
      '--key-size',
      '3072',
      '--device',
      'a',
      '--device',
      'b',
      '--tls-context',
      '1',
      '--json',
    ]);
    expect(options).toEqual({
      inventory: 'd.csv',
      devices: ['a', 'b'],
      caDir: 'lab-ca',
      caPassphrase: { ...noSecret, file: 'p.txt' },
      csrOut: undefined,
      certDir: undefined,
      root: 'root.pem',
      keySize: 3072,
      tlsContext: 1,
      days: 397,
      caFile: undefined,
      insecureSkipTlsVerify: false,
      allowHttp: false,
      allowPlaintextPasswords: false,
      password: noSecret,
      concurrency: 16,
      keygenTimeoutSeconds: 120,
      allowReset: false,
      timeoutSeconds: 15,
      report: undefined,
      force: false,
      json: true,
    });
  });

  it('refuses two enrolment modes at once and a key size devices do not generate', async () => {
    await expect(
      parse(['enroll', '--inventory', 'd.csv', '--ca-dir', 'x', '--csr-out', 'y', '--root', 'r.pem']),
    ).rejects.toThrow(/cannot be used with/);
    await expect(
      parse(['enroll', '--inventory', 'd.csv', '--ca-dir', 'x', '--root', 'r.pem', '--key-size', '1024']),
    ).rejects.toThrow(/Allowed choices/);
  });

  it('maps provision flags; --no-qoe-tls turns QOEEnableTLS off; --bundle-dir and --serve conflict', async () => {
    const options = await parse([
      'provision',
      '--cert',
      'c.pem',
      '--key',
      'k.pem',
      '--root',
      'r.pem',
      '--serve',
      '--inventory',
      'd.yaml',
      '--listen',
      '[::1]:8443',
      '--tls-cert',
      't.crt',
      '--tls-key',
      't.key',
      '--tls-key-passphrase-env',
      'TLS_PASS',
      '--credentials-out',
      'creds.yaml',
      '--timeout',
      '60',
      '--no-qoe-tls',
    ]);
    expect(options).toMatchObject({
      serve: true,
      bundleDir: undefined,
      listen: '[::1]:8443',
      tlsKeyPassphrase: { ...noSecret, env: 'TLS_PASS' },
      timeout: 60,
      qoeTls: false,
    });
    await expect(
      parse(['provision', '--cert', 'c', '--key', 'k', '--root', 'r', '--bundle-dir', 'b', '--serve']),
    ).rejects.toThrow(/cannot be used with/);
  });

  it('ends each help with EXAMPLES and EXIT CODES', () => {
    const runner: Runner = { run: async () => undefined };
    for (const command of [deviceEnrollCommand(runner), deviceProvisionCommand(runner)]) {
      let help = '';
      command.configureOutput({ writeOut: (text) => (help += text) });
      command.outputHelp();
      expect(help).toMatch(/EXAMPLES\n\s+\$ certwright device/);
      expect(help).toMatch(/EXIT CODES\n\s+0 /);
    }
  });
});
