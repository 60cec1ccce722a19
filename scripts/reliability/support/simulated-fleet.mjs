// What the crash checks that push to devices share: board files made with the built CLI, a device
// simulator process per trial (its devices' real state written to a state directory), and the check
// that a device really holds a pushed certificate. (A subfolder: run.mjs runs every .mjs beside it.)
import { execFile, spawn } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cli } from './cli-process.mjs';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const simulatorMain = join(root, 'packages/device-sim/dist/main.js');
/** The simulator's factory user; the CLI reads it from $DEVICE_PW. */
export const DEVICE_ENV = { DEVICE_PW: 'Admin' };

const running = new Set();

/**
 * A simulator process; resolves once it prints its ready line: { child, devices, factoryCaFile }.
 * `firmware` picks one of the simulator's firmware profiles (default: its own default).
 */
export function startSimulator(stateDir, { devices, latencyMs = 0, firmware }) {
  const argv = [simulatorMain, '--devices', String(devices), '--state-dir', stateDir, '--latency', String(latencyMs)];
  if (firmware !== undefined) argv.push('--firmware', firmware);
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => reject(new Error(`the simulator exited ${code}: ${stderr.trim()}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      const ready = JSON.parse(line);
      resolve({ child, stateDir, devices: ready.devices, factoryCaFile: ready.factoryCaFile });
    });
  });
}

/** Stops a simulator and resolves once it has exited (it writes state files until then). */
export function stopSimulator(sim) {
  return stopChild(sim.child);
}

/** Stops every simulator still running (a script's last `finally`). */
export function stopAllSimulators() {
  return Promise.all([...running].map(stopChild));
}

function stopChild(child) {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** An inventory of the simulator's devices at `path` (user Admin, password from $DEVICE_PW). */
export async function writeInventory(path, sim) {
  const rows = sim.devices.map((device) => `${device.name},127.0.0.1,${device.port},Admin,DEVICE_PW`);
  await writeFile(path, `name,host,port,username,password_env\n${rows.join('\n')}\n`);
}

/** The SHA-256 (colon hex, as X509Certificate prints it) of the leaf a new TLS connection to the device gets. */
export function servedFingerprint(device) {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port: device.port, rejectUnauthorized: false }, () => {
      const leaf = socket.getPeerX509Certificate();
      socket.destroy();
      resolve(leaf?.fingerprint256);
    });
    socket.on('error', reject);
  });
}

export async function readDeviceState(sim, device) {
  return JSON.parse(await readFile(join(sim.stateDir, device.name, 'state.json'), 'utf8'));
}

/**
 * Throws unless the device (its real state, as the simulator wrote it) holds `certificatePem` with a
 * matching key in TLS context 0, running and saved, with AUPDVerifyCertificates = 1 and nothing unsaved.
 */
export function checkDeviceHolds(state, certificatePem) {
  const wanted = new X509Certificate(certificatePem).fingerprint256;
  for (const [label, configuration] of [
    ['running', state.running],
    ['saved', state.saved],
  ]) {
    const context = configuration.tlsContexts['0'];
    const certificate = new X509Certificate(context.certificatePem);
    if (certificate.fingerprint256 !== wanted)
      throw new Error(`${state.name}: the ${label} certificate is not the pushed one`);
    const keySpki = createPublicKey(context.privateKeyPem).export({ type: 'spki', format: 'der' });
    if (!keySpki.equals(certificate.publicKey.export({ type: 'spki', format: 'der' }))) {
      throw new Error(`${state.name}: the ${label} key does not match its certificate`);
    }
    if (configuration.parameters.AUPDVerifyCertificates !== '1') {
      throw new Error(`${state.name}: ${label} AUPDVerifyCertificates is not 1`);
    }
  }
  if (state.saveNeeded) throw new Error(`${state.name}: changes left unsaved`);
}

/**
 * Board files in `dir` under the guidelines' names (board_cert.pem for 127.0.0.1, board_pkey.pem
 * unencrypted, root.pem), issued by a lab CA made with the built CLI in `dir/lab-ca`. A workflow
 * trial reuses that CA for OVOC's own certificate (the devices must verify OVOC with root.pem), so
 * it asks for the intermediates its config names and for CA keys it can sign with unprompted.
 */
export async function makeBoardFiles(dir, { intermediates = 0, encryptCaKeys = true } = {}) {
  await mkdir(dir, { recursive: true });
  const certwright = (args) => run(process.execPath, [cli, ...args], { cwd: dir });
  await writeFile(join(dir, 'ca-pass.txt'), 'reliability-ca-pass\n');
  const caPass = encryptCaKeys ? ['--passphrase-file', 'ca-pass.txt'] : [];
  const caInit = ['ca', 'init', '--out-dir', 'lab-ca', '--intermediates', String(intermediates), '--type', 'ec'];
  await certwright([...caInit, ...(encryptCaKeys ? caPass : ['--no-encrypt'])]);
  await certwright(['key', 'create', '--out', 'board_pkey.pem', '--type', 'ec', '--no-encrypt']);
  const csr = ['csr', 'create', '--key', 'board_pkey.pem', '--out', 'board.csr', '--cn', 'board'];
  await certwright([...csr, '--san', 'ip:127.0.0.1']);
  await certwright(['ca', 'sign', '--ca-dir', 'lab-ca', '--csr', 'board.csr', '--out', 'board_cert.pem', ...caPass]);
  // The device serves its certificate with the intermediates, root.pem alone then verifies it.
  const chain = [];
  for (let index = intermediates; index >= 1; index--)
    chain.push(await readFile(join(dir, 'lab-ca', `ca${index}.crt`)));
  if (chain.length > 0)
    await writeFile(
      join(dir, 'board_cert.pem'),
      Buffer.concat([await readFile(join(dir, 'board_cert.pem')), ...chain]),
    );
  await writeFile(join(dir, 'root.pem'), await readFile(join(dir, 'lab-ca', 'root.crt')));
  return {
    dir,
    cert: join(dir, 'board_cert.pem'),
    key: join(dir, 'board_pkey.pem'),
    root: join(dir, 'root.pem'),
    certPem: await readFile(join(dir, 'board_cert.pem'), 'utf8'),
  };
}
