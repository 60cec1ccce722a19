// Test harness for `certwright rotate`: real OpenSSH servers on loopback, each a "node" with a
// target directory and a small HTTPS server its reload command restarts. Plain ESM so both the
// vitest suites and scripts/reliability/rotate.mjs use it.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createCsr, createLabCa, exportPrivateKeyPem, generateKey, signCsr } from '@certwright/core';

const run = promisify(execFile);
const SSHD_CANDIDATES = ['/usr/sbin/sshd', '/usr/local/sbin/sshd', '/sbin/sshd'];
const RELOAD_SCRIPT = fileURLToPath(new URL('./reload.sh', import.meta.url));

/** Starts `count` nodes under `dir`: sshd on a free loopback port each, one client key for all. */
export async function startSshPair(dir, count = 2) {
  const sshd = SSHD_CANDIDATES.find((path) => existsSync(path));
  if (!sshd) throw new Error('sshd not found: install openssh-server (.ci/run does)');
  // As root, sshd needs its privilege-separation directory.
  if (process.getuid?.() === 0) await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  await mkdir(dir, { recursive: true });
  const clientKey = join(dir, 'client_key');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'certwright-test', '-f', clientKey]);
  const authorizedKeys = join(dir, 'authorized_keys');
  await copyFile(`${clientKey}.pub`, authorizedKeys);
  const nodes = [];
  const daemons = [];
  const knownHostsLines = [];
  for (let index = 0; index < count; index++) {
    const name = `node${index + 1}`;
    const nodeDir = join(dir, name);
    await mkdir(nodeDir, { recursive: true });
    const hostKey = join(nodeDir, 'ssh_host_ed25519_key');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', hostKey]);
    const sshPort = await freePort();
    const httpsPort = await freePort();
    const config = join(nodeDir, 'sshd_config');
    await writeFile(
      config,
      [
        `Port ${sshPort}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        `AuthorizedKeysFile ${authorizedKeys}`,
        `PidFile ${join(nodeDir, 'sshd.pid')}`,
        'UsePAM no',
        'StrictModes no',
        // Root may log in with a key in this throw-away test server only.
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UseDNS no',
        'MaxStartups 100',
        'Subsystem sftp internal-sftp',
        'LogLevel ERROR',
        '',
      ].join('\n'),
    );
    const daemon = spawn(sshd, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    daemon.stderr.on('data', (chunk) => {
      log += chunk;
    });
    daemons.push(daemon);
    const hostPublic = (await readFile(`${hostKey}.pub`, 'utf8')).trim().split(/\s+/);
    knownHostsLines.push(`[127.0.0.1]:${sshPort} ${hostPublic[0]} ${hostPublic[1]}`);
    const target = join(nodeDir, 'server_certs');
    nodes.push({
      name,
      nodeDir,
      target,
      sshPort,
      httpsPort,
      hostKeyPublic: `${hostPublic[0]} ${hostPublic[1]}`,
      reload: `/bin/sh ${quote(RELOAD_SCRIPT)} ${quote(process.execPath)} ${quote(nodeDir)} ${quote(target)} ${httpsPort}`,
      log: () => log,
    });
    await waitForPort(
      sshPort,
      () => daemon.exitCode !== null,
      () => log,
    );
  }
  const knownHosts = join(dir, 'known_hosts');
  await writeFile(knownHosts, `${knownHostsLines.join('\n')}\n`);
  return {
    user: userInfo().username,
    clientKey,
    knownHosts,
    nodes,
    async stop() {
      for (const node of nodes) await stopHttps(node);
      for (const daemon of daemons) daemon.kill('SIGTERM');
      await Promise.all(daemons.map((daemon) => (daemon.exitCode === null ? onceExit(daemon) : undefined)));
    },
  };
}

/** Starts (or restarts) a node's HTTPS server on what its target holds, as its reload command does. */
export async function reloadLocally(node) {
  await run('/bin/sh', [RELOAD_SCRIPT, process.execPath, node.nodeDir, node.target, String(node.httpsPort)]);
}

async function stopHttps(node) {
  try {
    const pid = Number(await readFile(join(node.nodeDir, 'https.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
  } catch {
    // Not running.
  }
}

/**
 * Writes a server set as `certwright import` leaves it (root.crt, ca1.crt, server.crt) plus an
 * unencrypted server.key, issued by a fresh lab CA (EC P-256: quick) for 127.0.0.1 and localhost.
 */
export async function makeServerSet(dir, commonName) {
  const spec = { type: 'ec', curve: 'P-256' };
  const ca = await createLabCa({ intermediates: 1, keySpec: spec, validityDays: 3650 });
  const key = await generateKey(spec);
  const csr = await createCsr({
    key,
    subject: { cn: commonName },
    sans: [
      { type: 'dns', value: 'localhost' },
      { type: 'ip', value: '127.0.0.1' },
    ],
  });
  const issuer = ca.intermediates[0];
  const server = await signCsr({ csr, issuerCertificate: issuer.certificatePem, issuerKey: issuer.key, days: 365 });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'root.crt'), ca.root.certificatePem);
  await writeFile(join(dir, 'ca1.crt'), issuer.certificatePem);
  await writeFile(join(dir, 'server.crt'), server.pem);
  await writeFile(join(dir, 'server.key'), await exportPrivateKeyPem(key), { mode: 0o600 });
  return { dir, key: join(dir, 'server.key'), serverPem: await readFile(join(dir, 'server.crt'), 'utf8') };
}

/** Puts a set into a target as an earlier install would have (certificates 0644, key 0600). */
export async function placeSet(set, target) {
  await mkdir(target, { recursive: true });
  for (const name of ['root.crt', 'ca1.crt', 'server.crt', 'server.key']) {
    await copyFile(join(set.dir, name), join(target, name));
    await chmod(join(target, name), name === 'server.key' ? 0o600 : 0o644);
  }
}

/** A rotation plan (YAML) for the nodes; `overrides(node, index)` may replace node fields. */
export function planYaml(pair, files, options = {}) {
  const lines = [
    'files:',
    `  dir: ${yaml(files.dir)}`,
    `  key: ${yaml(files.key)}`,
    'defaults:',
    `  user: ${yaml(pair.user)}`,
    `  identity_file: ${yaml(pair.clientKey)}`,
    `  known_hosts: ${yaml(options.knownHosts ?? pair.knownHosts)}`,
    '  reload_timeout: 60',
  ];
  if (options.before)
    lines.push('before:', ...options.before.map((c) => `  - { node: ${c.node}, run: ${yaml(c.run)} }`));
  lines.push('nodes:');
  pair.nodes.forEach((node, index) => {
    const reload = options.reload?.(node, index) ?? node.reload;
    lines.push(
      `  - name: ${node.name}`,
      '    host: 127.0.0.1',
      `    port: ${node.sshPort}`,
      `    target: ${yaml(node.target)}`,
      `    reload: ${yaml(reload)}`,
      `    probe: { port: ${node.httpsPort}, server_name: localhost, timeout: ${options.probeTimeout ?? 60} }`,
    );
  });
  if (options.after) lines.push('after:', ...options.after.map((c) => `  - { node: ${c.node}, run: ${yaml(c.run)} }`));
  return `${lines.join('\n')}\n`;
}

/** A YAML scalar: YAML's double-quoted style reads JSON strings. */
function yaml(text) {
  return JSON.stringify(text);
}

/** Single-quoted for the shell (the test paths hold no quotes). */
function quote(text) {
  if (text.includes("'")) throw new Error(`cannot quote ${text}`);
  return `'${text}'`;
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port, died, log) {
  for (let waited = 0; waited < 15_000; waited += 50) {
    if (died()) throw new Error(`sshd exited: ${log()}`);
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`sshd did not listen on ${port}: ${log()}`);
}

function onceExit(child) {
  return new Promise((resolve) => child.once('exit', resolve));
}
