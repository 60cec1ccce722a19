import {
  assertKeyMatchesCertificate,
  checkOcspResponse,
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
import { fetchForPath } from './shared/revocation-fetching.js';
import { parseTimeOption } from './shared/time-option.js';
import { describeServed, parseHostPort, probeServedChain, type ServedChain } from './shared/tls-probe.js';

export interface VerifyOptions {
  dir: string;
  key: string | undefined;
  host: string | undefined;
  at: string | undefined;
  connect: string | undefined;
  /** DER OCSP responses for certificates of the set (e.g. one saved with `openssl ocsp -respout`). */
  ocspResponses?: string[];
  /** Undefined: core's default (hard-fail once --ocsp-response is given, else off); a stapled response is judged by it too. */
  revocation?: 'off' | 'soft-fail' | 'hard-fail';
  /** Default enforce. */
  anchorConstraints?: 'enforce' | 'ignore';
  /** Fetch CRLs and OCSP responses for the set's path over HTTP (proxies from the environment). */
  fetchRevocation?: boolean;
  /** Default rfc5280. */
  profile?: 'rfc5280' | 'strict' | 'webpki';
  warnDays: number;
  passphrase: SecretSource;
  json: boolean;
}

/** One check and its outcome; `code` names what failed. */
interface Check {
  name: 'files' | 'chain' | 'order' | 'key' | 'expiry' | 'served' | 'stapled';
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
    const ocspResponses = await Promise.all((options.ocspResponses ?? []).map((file) => readUserFile(io.cwd, file)));
    checks.push(...(await chainChecks(set, at, options, ocspResponses, io, output)));
    if (options.key !== undefined) checks.push(await keyCheck(options, set, io, output));
    checks.push(await expiryCheck(set, at, options.warnDays, output));
    if (target) checks.push(...(await servedChecks(set, target, at, options.revocation, output)));
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
async function chainChecks(
  set: SetFiles,
  at: Date,
  options: VerifyOptions,
  ocspResponses: Uint8Array[],
  io: Io,
  output: Output,
): Promise<Check[]> {
  const host = options.host;
  const [root, ...rest] = set.ders;
  const server = rest[rest.length - 1] as Uint8Array;
  const intermediates = rest.slice(0, -1);
  const inputs = {
    leaf: server,
    intermediates,
    trustAnchors: [root as Uint8Array],
    at,
    purpose: 'server' as const,
    // root.crt is the trust this directory declares: a self-signed server certificate given as both
    // root.crt and server.crt (OVOC's default set) is pinned, not refused as a leaf that is an anchor.
    leafIsAnchor: 'accept' as const,
    ...(host === undefined ? {} : { hostname: host }),
    anchorConstraints: options.anchorConstraints ?? 'enforce',
    profile: options.profile ?? 'rfc5280',
  };
  const fetched = options.fetchRevocation === true ? await fetchForPath(inputs, io, output) : undefined;
  const revocation = options.revocation ?? (options.fetchRevocation === true ? 'hard-fail' : undefined);
  const result = await validateChain({
    ...inputs,
    crls: fetched?.crls ?? [],
    ocspResponses: [...ocspResponses, ...(fetched?.ocspResponses ?? [])],
    ...(revocation === undefined ? {} : { revocation }),
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
  // A self-signed server certificate is its own root: then the path is that one certificate.
  const expected = [...new Set([server, ...[...intermediates].reverse(), root as Uint8Array].map(hex))];
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

/** A fresh TLS handshake: the served chain, and the stapled OCSP response when the server sends one. */
async function servedChecks(
  set: SetFiles,
  target: { host: string; port: number },
  at: Date,
  revocation: VerifyOptions['revocation'],
  output: Output,
): Promise<Check[]> {
  const served = await probeServedChain(target.host, target.port);
  const checks = [servedCheck(set, target, served)];
  if (served.ocspResponse !== undefined && revocation !== 'off') {
    checks.push(stapledCheck(set, `${target.host}:${target.port}`, served.ocspResponse, at, revocation, output));
  }
  return checks;
}

/**
 * The stapled response, judged by core's OCSP checker for server.crt and the certificate above it.
 * Good passes, revoked fails; one that cannot be relied on (expired, unknown, badly signed) fails
 * unless --revocation soft-fail, which makes it a warning.
 */
function stapledCheck(
  set: SetFiles,
  where: string,
  response: Uint8Array,
  at: Date,
  revocation: VerifyOptions['revocation'],
  output: Output,
): Check {
  const server = set.ders[set.ders.length - 1] as Uint8Array;
  const issuer = set.ders[set.ders.length - 2] ?? server;
  const check = checkOcspResponse({ response, certificate: server, issuer, at });
  const by = check.signer === 'delegated' ? 'a delegated responder' : 'the issuer';
  if (check.status === 'good') {
    const until = check.nextUpdate === undefined ? '' : `, next update ${check.nextUpdate.toISOString()}`;
    return { name: 'stapled', ok: true, message: `${where} staples an OCSP response: good (signed by ${by}${until})` };
  }
  const code = check.problem?.code ?? 'ERR_CHAIN_OCSP_INVALID';
  const message = `${where} staples an OCSP response: ${check.problem?.message ?? check.status}`;
  if (check.status !== 'revoked' && revocation === 'soft-fail') {
    output.warn('WARN_OCSP_STAPLE_UNUSABLE', `${message} (--revocation soft-fail)`);
    return { name: 'stapled', ok: true, message: `${message} (accepted: --revocation soft-fail)` };
  }
  return { name: 'stapled', ok: false, code, message };
}

/** The server must send server.crt and the intermediates. */
function servedCheck(set: SetFiles, target: { host: string; port: number }, served: ServedChain): Check {
  const where = `${target.host}:${target.port}`;
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
