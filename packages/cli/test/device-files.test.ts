import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../device-sim/src/start.js';
import type { SimulatorHandle } from '../../device-sim/src/types.js';
import { cli, tempDir } from './helpers.js';
import { makeServerSet, startSshPair, type TestPair } from './rotate-support/ssh-pair.mjs';

const BOARD_PASS = 'board-pass-for-tests';
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await makeServerSet(join(dir, 'set'), 'ovoc.example');
});
afterAll(async () => cleanup?.());

const pem = (text: string) => text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
const fingerprint = (text: string) => new X509Certificate(text).fingerprint256;

function openssl(args: string[], input?: string): string {
  return execFileSync('openssl', args, { cwd: dir, input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}

/** An RSA-1024 / SHA-1 set as OVOC ships its defaults: root and board pair, made by openssl. */
async function weakSet(target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: target, stdio: 'pipe' });
  run(
    ['req', '-x509', '-newkey', 'rsa:1024', '-sha1', '-nodes', '-keyout', 'root.key', '-out', 'root.crt'].concat([
      '-subj',
      '/CN=OVOC default root',
      '-days',
      '3650',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
    ]),
  );
  run(['req', '-newkey', 'rsa:1024', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=board']);
  run(
    ['x509', '-req', '-sha1', '-in', 'server.csr', '-CA', 'root.crt', '-CAkey', 'root.key', '-days', '3650'].concat([
      '-out',
      'server.crt',
    ]),
  );
}

describe('certwright device files --from', () => {
  it('writes the chain in order, the root, and the key encrypted 0600; openssl reads all three', async () => {
    const run = await cli(
      dir,
      [
        'device',
        'files',
        '--from',
        'set',
        '--key',
        'set/server.key',
        '--out-passphrase-env',
        'BOARD',
        '--out-dir',
        'board',
        '--json',
      ],
      { BOARD: BOARD_PASS },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { intermediates: number; keyEncrypted: boolean };
    expect(result).toMatchObject({ intermediates: 1, keyEncrypted: true });
    const chain = pem(await readFile(join(dir, 'board/board_cert.pem'), 'utf8'));
    expect(chain.map(fingerprint)).toEqual([
      fingerprint(await readFile(join(dir, 'set/server.crt'), 'utf8')),
      fingerprint(await readFile(join(dir, 'set/ca1.crt'), 'utf8')),
    ]);
    expect(pem(await readFile(join(dir, 'board/root.pem'), 'utf8')).map(fingerprint)).toEqual([
      fingerprint(await readFile(join(dir, 'set/root.crt'), 'utf8')),
    ]);
    const keyPem = await readFile(join(dir, 'board/board_pkey.pem'), 'utf8');
    expect(keyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect((await stat(join(dir, 'board/board_pkey.pem'))).mode & 0o777).toBe(0o600);
    // OpenSSL: the key opens with the passphrase and is the leaf's; the chain verifies to root.pem.
    const keyPublic = openssl(['pkey', '-in', 'board/board_pkey.pem', '-passin', `pass:${BOARD_PASS}`, '-pubout']);
    const leafPublic = openssl(['x509', '-noout', '-pubkey'], chain[0]);
    expect(keyPublic).toBe(leafPublic);
    await writeFile(join(dir, 'ca1.pem'), chain[1] ?? '');
    expect(openssl(['verify', '-CAfile', 'board/root.pem', '-untrusted', 'ca1.pem'], chain[0])).toContain('OK');
  });

  it('--unencrypted-key writes the traditional form (SEC1 for EC) and warns', async () => {
    const run = await cli(dir, [
      'device',
      'files',
      '--from',
      'set',
      '--key',
      'set/server.key',
      '--unencrypted-key',
      '--out-dir',
      'plain',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('writing board_pkey.pem unencrypted');
    expect(await readFile(join(dir, 'plain/board_pkey.pem'), 'utf8')).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
  });

  it('--inventory: an EC key is refused when a row is an mp1xx (RSA only), writing nothing; Mediant rows take it, mp1xx rows take RSA', async () => {
    await writeFile(
      join(dir, 'gateways.csv'),
      'name,host,profile,username\nsbc-1,10.0.0.1,mediant,admin\nmp-7,10.0.0.7,mp1xx,admin\n',
    );
    await writeFile(join(dir, 'sbcs.csv'), 'name,host,profile,username\nsbc-1,10.0.0.1,mediant,admin\n');
    const files = (key: string, inventory: string, outDir: string, more: string[] = []) =>
      cli(
        dir,
        ['device', 'files', '--from', key.split('/')[0] as string, '--key', key, '--unencrypted-key'].concat(
          ['--inventory', inventory, '--out-dir', outDir, '--json'],
          more,
        ),
      );
    const refused = await files('set/server.key', 'gateways.csv', 'ec-for-mp');
    expect(refused.code).toBe(1);
    const { error } = JSON.parse(refused.stdout);
    expect(error).toMatchObject({ code: 'ERR_DEVICE_PREFLIGHT', field: 'key' });
    expect(error.message).toContain('device mp-7 (profile mp1xx) takes RSA keys only');
    await expect(stat(join(dir, 'ec-for-mp'))).rejects.toMatchObject({ code: 'ENOENT' });

    const mediant = await files('set/server.key', 'sbcs.csv', 'ec-for-sbc');
    expect(mediant.code, mediant.stderr).toBe(0);
    expect(await readFile(join(dir, 'ec-for-sbc/board_pkey.pem'), 'utf8')).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);

    await weakSet(join(dir, 'rsa'));
    const rsa = await files('rsa/server.key', 'gateways.csv', 'rsa-for-mp', ['--allow-weak-board-key']);
    expect(rsa.code, rsa.stderr).toBe(0);
    expect(await readFile(join(dir, 'rsa-for-mp/board_pkey.pem'), 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
  });

  it("refuses a key that is not server.crt's (exit 1) and existing files without --force (exit 2), writing nothing", async () => {
    await makeServerSet(join(dir, 'other'), 'other');
    const mismatch = await cli(dir, [
      'device',
      'files',
      '--from',
      'set',
      '--key',
      'other/server.key',
      '--unencrypted-key',
      '--out-dir',
      'none',
      '--json',
    ]);
    expect(mismatch.code).toBe(1);
    expect(JSON.parse(mismatch.stdout).error).toMatchObject({ code: 'ERR_DEVICE_PREFLIGHT', field: 'key' });
    await expect(stat(join(dir, 'none/board_cert.pem'))).rejects.toMatchObject({ code: 'ENOENT' });
    const exists = await cli(dir, [
      'device',
      'files',
      '--from',
      'set',
      '--key',
      'set/server.key',
      '--unencrypted-key',
      '--out-dir',
      'plain',
    ]);
    expect(exists.code).toBe(2);
    const neither = await cli(dir, ['device', 'files', '--out-dir', 'x']);
    expect([neither.code, neither.stderr]).toEqual([2, expect.stringContaining('--from and --fetch-default')]);
  });

  it('refuses RSA-1024 / SHA-1 files unless --allow-weak-board-key, which warns', async () => {
    await weakSet(join(dir, 'weak'));
    const args = [
      'device',
      'files',
      '--from',
      'weak',
      '--key',
      'weak/server.key',
      '--unencrypted-key',
      '--out-dir',
      'weak-board',
    ];
    const refused = await cli(dir, args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--allow-weak-board-key');
    const allowed = await cli(dir, [...args, '--allow-weak-board-key']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain('such a key can be broken');
    expect(await readFile(join(dir, 'weak-board/board_pkey.pem'), 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
  });
});

describe('device files, then device push: the devices serve the chain, and device status --ca-file root.pem verifies them', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ devices: 3 });
    await writeFile(join(dir, 'factory-ca.pem'), sim.factoryCaPem);
    const rows = sim.devices.map((device) => `${device.name},127.0.0.1,${device.port},Admin,DEVICE_PW`);
    await writeFile(join(dir, 'devices.csv'), `name,host,port,username,password_env\n${rows.join('\n')}\n`);
  });
  afterAll(() => sim.close());

  it('every device answers status trusted by root.pem alone', async () => {
    const env = { DEVICE_PW: 'Admin', BOARD: BOARD_PASS };
    const push = await cli(
      dir,
      [
        'device',
        'push',
        '--inventory',
        'devices.csv',
        '--cert',
        'board/board_cert.pem',
        '--key',
        'board/board_pkey.pem',
      ]
        .concat(['--passphrase-env', 'BOARD', '--root', 'board/root.pem', '--ca-file', 'factory-ca.pem'])
        .concat(['--ovoc-cert', 'set/server.crt', '--ovoc-cert', 'set/ca1.crt']),
      env,
    );
    expect(push.code, push.stderr).toBe(0);
    expect(push.stderr).not.toContain('WARN_DEVICE_OVOC_UNCHECKED');
    const status = await cli(
      dir,
      ['device', 'status', '--inventory', 'devices.csv', '--ca-file', 'board/root.pem', '--json'],
      env,
    );
    expect(status.code, status.stderr).toBe(0);
    const body = JSON.parse(status.stdout) as { devices: { trusted: boolean; errors: unknown[] }[] };
    expect(body.devices.map((device) => [device.trusted, device.errors.length])).toEqual([
      [true, 0],
      [true, 0],
      [true, 0],
    ]);
  });
});

describe('certwright device files --fetch-default', () => {
  let pair: TestPair;
  beforeAll(async () => {
    pair = await startSshPair(join(dir, 'ssh'), 1);
    const node = pair.nodes[0];
    if (!node) throw new Error('no node');
    // What OVOC keeps: RSA-1024/SHA-1 files, the key unencrypted PKCS#1.
    const ovoc = join(node.nodeDir, 'boardCertFiles');
    await weakSet(ovoc);
    const text = (name: string) => readFile(join(ovoc, name), 'utf8');
    await writeFile(join(ovoc, 'board_cert.pem'), await text('server.crt'));
    await writeFile(join(ovoc, 'root.pem'), await text('root.crt'));
    const pkcs1 = execFileSync('openssl', ['rsa', '-in', join(ovoc, 'server.key'), '-traditional']).toString();
    await writeFile(join(ovoc, 'board_pkey.pem'), pkcs1);
  }, 120_000);
  afterAll(async () => pair?.stop());

  function fetchArgs(out: string, knownHosts = pair.knownHosts): string[] {
    const node = pair.nodes[0] as TestPair['nodes'][number];
    return ['device', 'files', '--fetch-default', '127.0.0.1', '--ssh-port', String(node.sshPort)]
      .concat(['--ssh-user', pair.user, '--identity', pair.clientKey, '--known-hosts', knownHosts])
      .concat(['--remote-dir', join(node.nodeDir, 'boardCertFiles'), '--out-dir', out]);
  }

  it("copies OVOC's default files over SFTP, re-encrypting the key; they are weak, so only with the flag", async () => {
    const refused = await cli(dir, [...fetchArgs('fetched'), '--out-passphrase-env', 'BOARD'], { BOARD: BOARD_PASS });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--allow-weak-board-key');
    const run = await cli(dir, [...fetchArgs('fetched'), '--out-passphrase-env', 'BOARD', '--allow-weak-board-key'], {
      BOARD: BOARD_PASS,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(join(dir, 'fetched/board_pkey.pem'), 'utf8')).toMatch(
      /^-----BEGIN ENCRYPTED PRIVATE KEY-----/,
    );
    expect(openssl(['x509', '-noout', '-subject', '-in', 'fetched/board_cert.pem'])).toContain('board');
  });

  it('refuses a host whose key known_hosts does not list, reading nothing', async () => {
    await writeFile(join(dir, 'empty_known_hosts'), '');
    const run = await cli(dir, [
      ...fetchArgs('never', join(dir, 'empty_known_hosts')),
      '--unencrypted-key',
      '--allow-weak-board-key',
    ]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/host key/i);
    await expect(stat(join(dir, 'never'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
