#!/usr/bin/env node
// `npm run demo`: runs the OVOC server certificate workflow end to end on built-in defaults,
// printing each command as an operator would type it. Today: steps 1–4, 6 and 7.
// Usage: npm run demo [-- --dir DIR]   (default: a new temporary directory, kept for inspection)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../packages/cli/bin/certwright.js', import.meta.url));
const dirFlag = process.argv.indexOf('--dir');
const dir =
  dirFlag === -1 ? mkdtempSync(join(tmpdir(), 'certwright-demo-')) : resolve(process.argv[dirFlag + 1] ?? 'demo');
mkdirSync(dir, { recursive: true });

// Demo-only passphrases, random each run and passed through the environment, never as arguments.
const env = {
  ...process.env,
  DEMO_KEY_PASSPHRASE: randomBytes(12).toString('base64url'),
  DEMO_CA_PASSPHRASE: randomBytes(12).toString('base64url'),
};

function step(title, explanation) {
  process.stdout.write(`\n=== ${title}\n${explanation}\n`);
}

function run(args, { tool = 'certwright' } = {}) {
  process.stdout.write(`\n$ ${tool} ${args.map((arg) => (/[\s"]/.test(arg) ? JSON.stringify(arg) : arg)).join(' ')}\n`);
  const command = tool === 'certwright' ? process.execPath : tool;
  const argv = tool === 'certwright' ? [bin, ...args] : args;
  const result = spawnSync(command, argv, { cwd: dir, env, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    process.stderr.write(`\ndemo: "${tool} ${args[0]} ${args[1] ?? ''}" exited ${result.status}; stopping\n`);
    process.exit(result.status ?? 1);
  }
}

process.stdout.write(
  `Certwright demo — OVOC server certificate workflow, steps 1–4, 6 and 7\nworking directory: ${dir}\n`,
);

step(
  'Step 1: generate the server private key',
  'RSA 3072, encrypted PKCS#8 (PBES2, PBKDF2-HMAC-SHA256 600,000 iterations, AES-256-CBC), mode 0600.',
);
run([
  'key',
  'create',
  '--type',
  'rsa',
  '--bits',
  '3072',
  '--out',
  'server.key',
  '--passphrase-env',
  'DEMO_KEY_PASSPHRASE',
]);

step(
  'Step 2: generate the CSR',
  "The organisation's details and every name the OVOC server answers to (both HA nodes and the virtual address).",
);
run([
  'csr',
  'create',
  '--key',
  'server.key',
  '--passphrase-env',
  'DEMO_KEY_PASSPHRASE',
  '--out',
  'server.csr',
  '--cn',
  'ovoc.demo.example',
  '--o',
  'Certwright Demo',
  '--ou',
  'Voice Operations',
  '--l',
  'Springfield',
  '--st',
  'Oregon',
  '--c',
  'US',
  '--san',
  'dns:ovoc.demo.example',
  '--san',
  'dns:ovoc-a.demo.example',
  '--san',
  'dns:ovoc-b.demo.example',
  '--san',
  'ip:192.0.2.10',
]);

step('Step 3: hand the CSR to the CA', 'What the security officer copies to the CA, with its fingerprint and lint.');
run(['csr', 'show', 'server.csr']);

step(
  'Step 3 (lab): sign it with a lab CA',
  'A root and two intermediates, named as the OVOC server directory names them: root → ca1 → ca2 → server.',
);
run(['ca', 'init', '--out-dir', 'lab-ca', '--intermediates', '2', '--passphrase-env', 'DEMO_CA_PASSPHRASE']);
run([
  'ca',
  'sign',
  '--ca-dir',
  'lab-ca',
  '--csr',
  'server.csr',
  '--out',
  'server.crt',
  '--days',
  '397',
  '--passphrase-env',
  'DEMO_CA_PASSPHRASE',
]);

step(
  'Step 4: import what the CA sent back',
  "The CA's files arrive in any order and format; each certificate's role is read from its contents.",
);
run([
  'import',
  'server.crt',
  'lab-ca/ca2.crt',
  'lab-ca/root.crt',
  'lab-ca/ca1.crt',
  '--out-dir',
  'server_certs',
  '--key',
  'server.key',
  '--passphrase-env',
  'DEMO_KEY_PASSPHRASE',
]);

step('Steps 6–7: verify the installed files', 'Files, chain, order, key and expiry, each check reported.');
run([
  'verify',
  '--dir',
  'server_certs',
  '--key',
  'server.key',
  '--passphrase-env',
  'DEMO_KEY_PASSPHRASE',
  '--host',
  'ovoc-b.demo.example',
]);

step('Check: OpenSSL agrees', 'The imported chain verifies with the real openssl binary, for TLS server use.');
run(
  [
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
    'ovoc-b.demo.example',
    'server_certs/server.crt',
  ],
  { tool: 'openssl' },
);

process.stdout.write(
  `\nDone. The files are in ${dir}:\n  server.key (encrypted, 0600), server.csr, server.crt, lab-ca/{root,ca1,ca2}.{crt,key},\n` +
    '  server_certs/{root,ca1,ca2,server}.crt\n' +
    'Steps 5 (install, HA rotation) and 8 (load onto devices) arrive with the next issues.\n',
);
