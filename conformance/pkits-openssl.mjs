// The reference run of PKITS: `openssl verify` on each case, with every CRL check it has
// (-crl_check_all -extended_crl -use_deltas) and the case's RFC 5280 §6.1.1 policy inputs.
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { policyOid } from './pkits-case.mjs';

/** The `openssl version` line, or undefined when no openssl is on the PATH. */
export async function opensslVersion() {
  const { code, stdout } = await run(['version']);
  return code === 0 ? stdout.trim() : undefined;
}

/**
 * Runs every case through `openssl verify`, `concurrency` processes at a time; resolves to one
 * { id, outcome, detail } per case, in order, outcome as in pkits-case.mjs (without 'wrong-policy':
 * openssl's verdict alone is compared).
 */
export async function runOpenssl(cases, concurrency = 2) {
  const directory = mkdtempSync(join(tmpdir(), 'certwright-pkits-'));
  try {
    const results = new Array(cases.length);
    let next = 0;
    const workers = Array.from({ length: concurrency }, async () => {
      while (next < cases.length) {
        const index = next++;
        results[index] = await verifyOne(cases[index], join(directory, String(index)));
      }
    });
    await Promise.all(workers);
    return results;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function verifyOne(testcase, prefix) {
  const der = testcase.certificateDer;
  const files = {
    anchor: `${prefix}-anchor.pem`,
    untrusted: `${prefix}-untrusted.pem`,
    crls: `${prefix}-crls.pem`,
    leaf: `${prefix}-leaf.pem`,
  };
  writeFileSync(files.anchor, certificatePem(der[0]));
  writeFileSync(files.untrusted, der.slice(1, -1).map(certificatePem).join(''));
  writeFileSync(files.crls, testcase.crlDer.map(crlPem).join(''));
  writeFileSync(files.leaf, certificatePem(der[der.length - 1]));
  const args = ['verify', '-attime', String(Date.parse(testcase.validation_time) / 1000)];
  args.push('-crl_check_all', '-extended_crl', '-use_deltas', '-policy_check');
  // Given explicitly: without any -policy, OpenSSL takes the user-initial-policy-set as empty.
  for (const name of testcase.initial_policy_set ?? ['anyPolicy']) args.push('-policy', policyOid(name));
  if (testcase.initial_explicit_policy) args.push('-explicit_policy');
  if (testcase.initial_policy_mapping_inhibit) args.push('-inhibit_map');
  if (testcase.initial_inhibit_any_policy) args.push('-inhibit_any');
  args.push('-CAfile', files.anchor, '-CRLfile', files.crls);
  if (der.length > 2) args.push('-untrusted', files.untrusted);
  args.push(files.leaf);
  const { code, stdout, stderr } = await run(args);
  const accepted = code === 0 && stdout.includes(': OK');
  const detail = `${stdout}${stderr}`.replace(/\s+/g, ' ').trim();
  if (accepted === testcase.should_validate) return { id: testcase.id, outcome: 'pass', detail };
  return { id: testcase.id, outcome: testcase.should_validate ? 'false-reject' : 'false-accept', detail };
}

function certificatePem(der) {
  return new X509Certificate(der).toString();
}

function crlPem(der) {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN X509 CRL-----\n${lines.join('\n')}\n-----END X509 CRL-----\n`;
}

function run(args) {
  return new Promise((resolveRun) => {
    const child = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', () => resolveRun({ code: -1, stdout, stderr }));
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}
