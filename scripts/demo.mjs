#!/usr/bin/env node
// `npm run demo`: the eight-step OVOC server certificate workflow end to end, with no input, in a
// fresh temporary directory: `certwright workflow run` on a generated config, against a local
// HTTPS server (the "OVOC server" that step 5's reload command restarts) and three simulated
// devices (step 8). The run stops after step 7 to make the device files, then continues.
// Usage: npm run demo [-- --dir DIR]   (default: a new temporary directory, kept for inspection)
// Internal: `demo.mjs --restart-server DIR PORT` is the reload command the demo's config names.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(import.meta.url);
const bin = fileURLToPath(new URL('../packages/cli/bin/certwright.js', import.meta.url));
const deviceSim = new URL('../packages/device-sim/dist/index.js', import.meta.url).href;
const PID_FILE = 'ovoc-server.pid';

if (process.argv[2] === '--restart-server') await restartServer(process.argv[3], Number(process.argv[4]));
else if (process.argv[2] === '--serve') serve(process.argv[3], Number(process.argv[4]));
else await demo();

async function demo() {
  const started = Date.now();
  const dirFlag = process.argv.indexOf('--dir');
  const dir =
    dirFlag === -1 ? mkdtempSync(join(tmpdir(), 'certwright-demo-')) : resolve(process.argv[dirFlag + 1] ?? 'demo');
  mkdirSync(dir, { recursive: true });
  // Demo-only passphrases, random each run and passed through the environment, never as arguments.
  // The simulated devices ship with the factory user Admin / Admin, as real ones do.
  const env = {
    ...process.env,
    DEMO_KEY_PASSPHRASE: randomBytes(12).toString('base64url'),
    DEMO_CA_PASSPHRASE: randomBytes(12).toString('base64url'),
    DEMO_BOARD_PASSPHRASE: randomBytes(12).toString('base64url'),
    DEMO_DEVICE_PASSWORD: 'Admin',
  };
  // Three simulated Mediant devices: real HTTPS servers on loopback, in this process.
  const { startSimulator } = await import(deviceSim);
  const simulator = await startSimulator({ devices: 3, namePrefix: 'sbc-' });
  const port = await freePort();
  try {
    writeFileSync(join(dir, 'device-factory-ca.pem'), simulator.factoryCaPem);
    writeFileSync(
      join(dir, 'devices.csv'),
      `name,host,port,username,password_env\n${simulator.devices
        .map((device) => `${device.name},${device.host},${device.port},Admin,DEMO_DEVICE_PASSWORD`)
        .join('\n')}\n`,
    );
    const config = demoConfig(port);
    writeFileSync(join(dir, 'workflow.yaml'), config);
    say(
      `Certwright demo — the eight-step OVOC server certificate workflow\nworking directory: ${dir}\n\n` +
        `The "OVOC server" is a local HTTPS server on 127.0.0.1:${port} serving whatever is installed in server_certs_installed/;\n` +
        `the devices are ${simulator.devices.length} simulated Mediant SBCs (${simulator.devices.map((device) => device.url).join(', ')}).\n` +
        'The workflow config (no secrets in it: the passphrases come from environment variables):\n',
    );
    say(config.replace(/^/gm, '    '));
    await step(['workflow', 'run', '--config', 'workflow.yaml', '--to-step', '7'], dir, env);

    say(
      '\nThe device files for step 8 (board_cert.pem, board_pkey.pem, root.pem), built from the new server set:\n' +
        'the certificate with its intermediates, the root, and the key re-encrypted with its own passphrase.',
    );
    await step(
      [
        'device',
        'files',
        '--from',
        'server_certs',
        '--key',
        'server.key',
        '--passphrase-env',
        'DEMO_KEY_PASSPHRASE',
        '--out-passphrase-env',
        'DEMO_BOARD_PASSPHRASE',
        '--out-dir',
        'board',
      ],
      dir,
      env,
    );

    say('\nThe same workflow again: finished steps are not redone; it continues with step 8.');
    await step(['workflow', 'run', '--config', 'workflow.yaml'], dir, env);

    say('\nCheck: what the devices hold now (read from the simulator):');
    for (const device of simulator.devices) {
      const saved = device.state().saved;
      say(
        `  ${device.name}: serves SHA-256 ${device.servedFingerprint().slice(0, 16)}…, ` +
          `AUPDVerifyCertificates = ${saved.parameters.AUPDVerifyCertificates ?? '(unset)'} (saved)`,
      );
    }
    say('\nCheck: OpenSSL agrees — the installed chain verifies with the real openssl binary, for TLS server use:');
    runTool(
      'openssl',
      [
        'verify',
        '-CAfile',
        'server_certs_installed/root.crt',
        '-untrusted',
        'server_certs_installed/ca1.crt',
        '-untrusted',
        'server_certs_installed/ca2.crt',
        '-purpose',
        'sslserver',
        '-verify_hostname',
        'ovoc-b.demo.example',
        'server_certs_installed/server.crt',
      ],
      dir,
    );
    say(summary(dir, port, (Date.now() - started) / 1000));
  } catch (error) {
    process.stderr.write(`\ndemo: ${error.message}; stopping\n`);
    process.exitCode = 1;
  } finally {
    stopServer(dir);
    await simulator.close();
  }
}

function demoConfig(port) {
  const reload = `${JSON.stringify(process.execPath)} ${JSON.stringify(script)} --restart-server . ${port}`;
  return `# The demo's workflow: every path is relative to this file.
key:
  type: rsa
  bits: 3072
  passphrase: { env: DEMO_KEY_PASSPHRASE }
csr:
  subject: { cn: ovoc.demo.example, o: Certwright Demo, ou: Voice Operations, l: Springfield, st: Oregon, c: US }
  sans: ["dns:ovoc.demo.example", "dns:ovoc-a.demo.example", "dns:ovoc-b.demo.example", "ip:192.0.2.10"]
ca:
  lab: { dir: lab-ca, intermediates: 2, passphrase: { env: DEMO_CA_PASSPHRASE } }
server_certs: server_certs
install:
  target: server_certs_installed
  backup_dir: backups
  reload: ${JSON.stringify(reload)}
verify:
  host: ovoc-b.demo.example
  connect: "127.0.0.1:${port}"
devices:
  inventory: devices.csv
  board_dir: board
  passphrase: { env: DEMO_BOARD_PASSPHRASE }
  ca_file: device-factory-ca.pem
  report: device-report.json
`;
}

function summary(dir, port, seconds) {
  const lines = [
    `\nDone in ${seconds.toFixed(1)} s. What exists where (in ${dir}):`,
    '  workflow.yaml, workflow.state.json   the config, and the state a rerun continues from',
    '  server.key                           step 1: RSA 3072, encrypted PKCS#8, mode 0600',
    '  server.csr                           step 2: the CSR, with four SANs',
    '  lab-ca/{root,ca1,ca2}.{crt,key}      step 3: the lab CA (keys encrypted, 0600); server.crt, signed by ca2',
    '  server_certs/                        step 4: root.crt, ca1.crt, ca2.crt, server.crt, named by role',
    '  server_certs_installed/              step 5: the installed set with server.key (0600)',
    `  ${PID_FILE}                      the HTTPS server (stopped now) the reload restarted on 127.0.0.1:${port}`,
  ];
  lines.push(
    '  board/                               step 8: board_cert.pem, board_pkey.pem (encrypted), root.pem',
    "  devices.csv, device-factory-ca.pem   step 8: the inventory and the CA of the devices' factory certificates",
    '  device-report.json                   step 8: what each device holds now, as verified',
  );
  if (existsSync(join(dir, 'backups')))
    lines.push('  backups/                             step 5: the previous installed set, if any');
  return `${lines.join('\n')}\n`;
}

function say(text) {
  process.stdout.write(`${text}\n`);
}

/** Runs a certwright command as the operator would type it; asynchronously, so the simulated devices keep answering. */
function step(args, cwd, env) {
  say(`\n$ certwright ${args.map((arg) => (/[\s"]/.test(arg) ? JSON.stringify(arg) : arg)).join(' ')}`);
  return new Promise((resolveStep, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolveStep() : reject(new Error(`certwright ${args[0]} ${args[1] ?? ''} exited ${code}`)),
    );
  });
}

function runTool(tool, args, cwd) {
  say(`$ ${tool} ${args.join(' ')}`);
  const result = spawnSync(tool, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${tool} exited ${result.status}`);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** The reload command: stop the running server, start a new one on the installed files, wait until it listens. */
async function restartServer(dir, port) {
  stopServer(dir);
  const child = spawn(process.execPath, [script, '--serve', dir, String(port)], {
    cwd: dir,
    detached: true,
    stdio: 'ignore',
    env: process.env,
  });
  child.unref();
  writeFileSync(join(dir, PID_FILE), `${child.pid}\n`);
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await listening(port)) {
      process.stdout.write(`reload: HTTPS server restarted on 127.0.0.1:${port} (pid ${child.pid})\n`);
      return;
    }
    if (child.exitCode !== null) break;
    await new Promise((done) => setTimeout(done, 100));
  }
  process.stderr.write(`reload: the HTTPS server did not start on 127.0.0.1:${port}\n`);
  process.exit(1);
}

function stopServer(dir) {
  const pidFile = join(dir, PID_FILE);
  if (!existsSync(pidFile)) return;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
  } catch {}
}

function listening(port) {
  return new Promise((resolveListening) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolveListening(true);
    });
    socket.once('error', () => resolveListening(false));
  });
}

/** The "OVOC server": serves server.crt with its intermediates, as a TLS server must. */
function serve(dir, port) {
  const installed = join(dir, 'server_certs_installed');
  const read = (name) => (existsSync(join(installed, name)) ? readFileSync(join(installed, name), 'utf8') : '');
  const server = createHttpsServer(
    {
      key: read('server.key'),
      passphrase: process.env.DEMO_KEY_PASSPHRASE,
      cert: read('server.crt') + read('ca2.crt') + read('ca1.crt'),
    },
    (_request, response) => response.end('OVOC demo server\n'),
  );
  server.listen(port, '127.0.0.1');
}
