import {
  assertKeyMatchesCertificate,
  detectFormat,
  parseCertificate,
  readCertificates,
  validateChain,
} from '@certwright/core';
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ExitCode } from '../exit-codes.js';
import { assertUserDirectory, readUserFile } from '../io/files.js';
import type { Io } from '../io/io.js';
import { Output } from '../io/output.js';
import type { SecretSource } from '../io/secrets.js';
import { readKeyFile } from './shared/key-passphrase.js';
import { SERVER_SET_FILES } from './shared/server-set-files.js';
import { parseTimeOption } from './shared/time-option.js';
import { describeServed, parseHostPort, probeServedChain } from './shared/tls-probe.js';

export interface VerifyOptions {
  dir: string;
  key: string | undefined;
  host: string | undefined;
  at: string | undefined;
  connect: string | undefined;
  warnDays: number;
  passphrase: SecretSource;
  json: boolean;
}

/** One check and its outcome; `code` names what failed. */
interface Check {
  name: 'files' | 'chain' | 'order' | 'key' | 'expiry' | 'served';
  ok: boolean;
  code?: string;
  message: string;
}

/** The directory's certificates by role, root side first. */
interface SetFiles {
  names: string[];
  ders: Uint8Array[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Steps 6–7: every check runs and is reported; exit 1 when any failed. */
export async function verifyDirectory(options: VerifyOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const at = options.at === undefined ? io.now() : parseTimeOption(options.at, '--at');
  const target = options.connect === undefined ? undefined : parseHostPort(options.connect, '--connect');
  const checks: Check[] = [];
  const set = await readSet(options.dir, io, checks);
  if (set) {
    checks.push(...(await chainChecks(set, at, options.host)));
    if (options.key !== undefined) checks.push(await keyCheck(options, set, io, output));
    checks.push(await expiryCheck(set, at, options.warnDays, output));
    if (target) checks.push(await servedCheck(set, target));
  }
  const ok = checks.every((check) => check.ok);
  output.result(
    { directory: options.dir, valid: ok, at: at.toISOString(), checks },
    humanReport(options.dir, ok, checks),
  );
  return ok ? ExitCode.ok : ExitCode.checkFailed;
}

/** The files exist, hold one PEM certificate each, and ca2.crt comes only with ca1.crt. */
async function readSet(dir: string, io: Io, checks: Check[]): Promise<SetFiles | undefined> {
  await assertUserDirectory(io.cwd, dir);
  const present = await Promise.all(SERVER_SET_FILES.all.map((name) => exists(resolve(io.cwd, dir, name))));
  const has = (name: string) => present[SERVER_SET_FILES.all.indexOf(name as never)] === true;
  const missing = ['root.crt', 'server.crt'].filter((name) => !has(name));
  if (!has('ca1.crt') && has('ca2.crt')) missing.push('ca1.crt (ca2.crt is there)');
  if (missing.length > 0) {
    checks.push({
      name: 'files',
      ok: false,
      code: 'ERR_VERIFY_FILE_MISSING',
      message: `missing: ${missing.join(', ')}`,
    });
    return undefined;
  }
  const names = SERVER_SET_FILES.all.filter((name) => has(name));
  const ders: Uint8Array[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const bytes = await readUserFile(io.cwd, path);
    const detected = detectFormat(bytes, { source: path });
    const blocks = detected.blocks ?? [];
    if (detected.format !== 'pem' || blocks.length !== 1 || blocks[0] !== 'CERTIFICATE') {
      const what = detected.format === 'pem' ? `PEM blocks ${blocks.join(', ')}` : detected.format;
      const message = `${path} holds ${what}; each file must be one PEM certificate (see certwright convert)`;
      checks.push({ name: 'files', ok: false, code: 'ERR_VERIFY_NOT_PEM', message });
      return undefined;
    }
    ders.push(...(await readCertificates(bytes, { source: path })));
  }
  checks.push({ name: 'files', ok: true, message: `${names.join(', ')}: one PEM certificate each` });
  return { names, ders };
}

/** The chain validates, and each file is issued by the one before it (root → ca1 → ca2 → server). */
async function chainChecks(set: SetFiles, at: Date, host: string | undefined): Promise<Check[]> {
  const [root, ...rest] = set.ders;
  const server = rest[rest.length - 1] as Uint8Array;
  const intermediates = rest.slice(0, -1);
  const result = await validateChain({
    leaf: server,
    intermediates,
    trustAnchors: [root as Uint8Array],
    at,
    purpose: 'server',
    // root.crt is the trust this directory declares: a self-signed server certificate given as both
    // root.crt and server.crt (OVOC's default set) is pinned, not refused as a leaf that is an anchor.
    leafIsAnchor: 'accept',
    ...(host === undefined ? {} : { hostname: host }),
  });
  const context = `at ${at.toISOString()}${host === undefined ? '' : `, host ${host}`}`;
  const chain: Check = result.valid
    ? { name: 'chain', ok: true, message: `valid for TLS server use ${context}` }
    : {
        name: 'chain',
        ok: false,
        code: result.problems[0]?.code ?? 'ERR_CHAIN_UNTRUSTED_ROOT',
        message: result.problems.map((problem) => `${problem.code}: ${problem.message}`).join('; '),
      };
  const expected = [server, ...[...intermediates].reverse(), root as Uint8Array].map(hex);
  const inOrder = result.valid && result.path.map(hex).join() === expected.join();
  const names = [...set.names].reverse();
  const order: Check = inOrder
    ? {
        name: 'order',
        ok: true,
        message: names
          .slice(0, -1)
          .map((name, i) => `${name} issued by ${names[i + 1]}`)
          .join(', '),
      }
    : {
        name: 'order',
        ok: false,
        code: 'ERR_VERIFY_ORDER',
        message: result.valid
          ? `the files are not in the order root → ca1 → ca2 → server (run certwright import to rewrite them)`
          : 'not checked: the chain does not validate',
      };
  return [chain, order];
}

async function keyCheck(options: VerifyOptions, set: SetFiles, io: Io, output: Output): Promise<Check> {
  const key = await readKeyFile(options.key as string, options.passphrase, io, output);
  try {
    await assertKeyMatchesCertificate(key, set.ders[set.ders.length - 1] as Uint8Array, { source: 'server.crt' });
    return { name: 'key', ok: true, message: `${options.key} matches server.crt` };
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_KEY_MISMATCH') throw error;
    return { name: 'key', ok: false, code: 'ERR_KEY_MISMATCH', message: `${options.key} does not match server.crt` };
  }
}

/** Expiring soon is a warning, not a failure: the set still works today. */
async function expiryCheck(set: SetFiles, at: Date, warnDays: number, output: Output): Promise<Check> {
  const parsed = await Promise.all(set.ders.map((der) => parseCertificate(der)));
  const soonest = parsed.reduce((a, b) => (b.notAfter < a.notAfter ? b : a));
  const name = set.names[parsed.indexOf(soonest)] as string;
  const days = Math.floor((soonest.notAfter.getTime() - at.getTime()) / DAY_MS);
  const message = `${name} expires first, on ${soonest.notAfter.toISOString()} (${days} days)`;
  if (days < warnDays) output.warn('WARN_EXPIRES_SOON', `${message}: within --warn-days ${warnDays}`);
  return { name: 'expiry', ok: true, message };
}

/** A fresh TLS handshake: the server must send server.crt and the intermediates. */
async function servedCheck(set: SetFiles, target: { host: string; port: number }): Promise<Check> {
  const where = `${target.host}:${target.port}`;
  const served = await probeServedChain(target.host, target.port);
  const [leaf, ...others] = served.certificates;
  const server = set.ders[set.ders.length - 1] as Uint8Array;
  if (!leaf || hex(leaf) !== hex(server)) {
    const what = leaf ? describeServed(leaf) : 'no certificate';
    return {
      name: 'served',
      ok: false,
      code: 'ERR_VERIFY_SERVED_MISMATCH',
      message: `${where} serves ${what}, not server.crt`,
    };
  }
  const servedSet = new Set(others.map(hex));
  const intermediates = set.ders.slice(1, -1);
  const missing = set.names.slice(1, -1).filter((_, index) => !servedSet.has(hex(intermediates[index] as Uint8Array)));
  if (missing.length > 0) {
    return {
      name: 'served',
      ok: false,
      code: 'ERR_VERIFY_SERVED_INCOMPLETE',
      message: `${where} serves server.crt without ${missing.join(', ')}: clients cannot build the chain`,
    };
  }
  return { name: 'served', ok: true, message: `${where} serves server.crt and its intermediates (${served.protocol})` };
}

function humanReport(dir: string, ok: boolean, checks: readonly Check[]): string {
  const lines = [`${dir}: ${ok ? 'all checks passed' : 'a check FAILED'}`];
  for (const check of checks) {
    const status = check.ok ? 'ok  ' : 'FAIL';
    lines.push(`  ${status} ${check.name.padEnd(7)} ${check.code ? `${check.code}: ` : ''}${check.message}`);
  }
  return `${lines.join('\n')}\n`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function hex(der: Uint8Array): string {
  return Buffer.from(der).toString('hex');
}
