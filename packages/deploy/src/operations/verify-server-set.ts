import {
  assertKeyMatchesCertificate,
  checkOcspResponse,
  type RevocationFetch,
  detectFormat,
  parseCertificate,
  readCertificates,
  validateChain,
} from '@certwright/core';
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { assertUserDirectory, readUserFile } from '../files/read.js';
import { type PassphraseSource, readKeyFile } from '../keys/read-key-file.js';
import { type Progress, silentProgress } from '../progress.js';
import { fetchForPath } from '../tls/fetch-for-path.js';
import { describeServed, probeServedChain, type ServedChain } from '../tls/served-chain.js';
import type { VerifyCheck } from '../workflow/step-results.js';
import { checkDeviceMode, type DeviceCommunicationMode } from './device-mode-check.js';
import { SERVER_SET_FILES } from './server-set-files.js';

/** What `verifyServerSet` is asked to check. */
export interface VerifyServerSetOptions {
  cwd: string;
  /** The server certificate directory (root.crt, ca1.crt, ca2.crt, server.crt). */
  dir: string;
  /** The server's private key, to check it matches server.crt; default `dir`/server.key when there is one. */
  key?: string | undefined;
  /** Its passphrase, asked for only when it is encrypted. */
  passphrase?: PassphraseSource | undefined;
  /** The DNS name server.crt must hold. */
  host?: string | undefined;
  /**
   * How OVOC reaches the SBC devices ("SBC Devices Communication"): `hostname` warns
   * WARN_VERIFY_HOSTNAME_MODE_NO_FQDN when server.crt has no DNS name covering `host`.
   */
  deviceMode?: DeviceCommunicationMode | undefined;
  /** When the set must be valid. */
  at: Date;
  /** Also make a TLS handshake: compare the served chain with the files, check a stapled OCSP response. */
  connect?: { host: string; port: number } | undefined;
  /** DER OCSP responses for certificates of the set (e.g. saved with `openssl ocsp -respout`). */
  ocspResponses?: string[];
  /** Undefined: core's default (hard-fail once an OCSP response is given, else off); a stapled response is judged by it too. */
  revocation?: 'off' | 'soft-fail' | 'hard-fail' | undefined;
  /** Default enforce. */
  anchorConstraints?: 'enforce' | 'ignore';
  /** Fetch CRLs and OCSP responses for the set's path over this transport (none: no fetching). */
  fetchRevocation?: RevocationFetch | undefined;
  /** Default rfc5280. */
  profile?: 'rfc5280' | 'strict' | 'webpki';
  /** A certificate expiring within this many days is a warning (not a failure). */
  warnDays: number;
  progress?: Progress;
}

/** Every check and its outcome. */
export interface VerifyServerSetResult {
  directory: string;
  valid: boolean;
  at: string;
  checks: VerifyCheck[];
}

type Check = VerifyCheck;

/** The directory's certificates by role, root side first. */
interface SetFiles {
  names: string[];
  ders: Uint8Array[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Workflow steps 6–7: the directory holds one PEM certificate per file, the chain root → ca1 → ca2
 * → server validates for TLS server use (and the host), the key matches server.crt (the directory's
 * server.key when no key is named; WARN_VERIFY_KEY_NOT_CHECKED when there is none), the first expiry
 * (a warning within warnDays); with `connect`, a fresh handshake shows the server serves server.crt
 * and its intermediates. Every check runs and is reported; `valid` is false when any failed.
 *
 * @throws FileError for a missing directory or unreadable files; NetworkError when the handshake fails
 */
export async function verifyServerSet(options: VerifyServerSetOptions): Promise<VerifyServerSetResult> {
  const progress = options.progress ?? silentProgress;
  const { at } = options;
  const checks: Check[] = [];
  const set = await readSet(options.dir, options.cwd, checks);
  if (set) {
    const ocspResponses = await Promise.all(
      (options.ocspResponses ?? []).map((file) => readUserFile(options.cwd, file)),
    );
    checks.push(...(await chainChecks(set, at, options, ocspResponses, progress)));
    await checkDeviceMode(set.ders.at(-1) as Uint8Array, options.deviceMode, options.host, progress);
    const key = options.key ?? (await keyInDirectory(options, progress));
    if (key !== undefined) checks.push(await keyCheck(options, key, set, progress));
    checks.push(await expiryCheck(set, at, options.warnDays, progress));
    if (options.connect) checks.push(...(await servedChecks(set, options.connect, at, options.revocation, progress)));
  }
  return { directory: options.dir, valid: checks.every((check) => check.ok), at: at.toISOString(), checks };
}

/** The files exist, hold one PEM certificate each, and ca2.crt comes only with ca1.crt. */
async function readSet(dir: string, cwd: string, checks: Check[]): Promise<SetFiles | undefined> {
  await assertUserDirectory(cwd, dir);
  const present = await Promise.all(SERVER_SET_FILES.all.map((name) => exists(resolve(cwd, dir, name))));
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
    const bytes = await readUserFile(cwd, path);
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
  options: VerifyServerSetOptions,
  ocspResponses: Uint8Array[],
  progress: Progress,
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
  const fetched =
    options.fetchRevocation === undefined
      ? undefined
      : await fetchForPath(inputs, options.fetchRevocation, at, progress);
  const revocation = options.revocation ?? (options.fetchRevocation === undefined ? undefined : 'hard-fail');
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

/**
 * Without a key named, the directory's own server.key (what install writes there) is checked; a
 * directory without one gets a warning that the key was not checked — never silence.
 */
async function keyInDirectory(options: VerifyServerSetOptions, progress: Progress): Promise<string | undefined> {
  const path = join(options.dir, 'server.key');
  if (await exists(resolve(options.cwd, path))) {
    progress.note(`no key given: checking ${path}`);
    return path;
  }
  progress.warn(
    'WARN_VERIFY_KEY_NOT_CHECKED',
    `the key was not checked against server.crt: no key given and ${options.dir} holds no server.key`,
  );
  return undefined;
}

async function keyCheck(
  options: VerifyServerSetOptions,
  keyFile: string,
  set: SetFiles,
  progress: Progress,
): Promise<Check> {
  const key = await readKeyFile(options.cwd, keyFile, options.passphrase, progress);
  try {
    await assertKeyMatchesCertificate(key, set.ders[set.ders.length - 1] as Uint8Array, { source: 'server.crt' });
    return { name: 'key', ok: true, message: `${keyFile} matches server.crt` };
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_KEY_MISMATCH') throw error;
    return { name: 'key', ok: false, code: 'ERR_KEY_MISMATCH', message: `${keyFile} does not match server.crt` };
  }
}

/** Expiring soon is a warning, not a failure: the set still works today. */
async function expiryCheck(set: SetFiles, at: Date, warnDays: number, progress: Progress): Promise<Check> {
  const parsed = await Promise.all(set.ders.map((der) => parseCertificate(der)));
  const soonest = parsed.reduce((a, b) => (b.notAfter < a.notAfter ? b : a));
  const name = set.names[parsed.indexOf(soonest)] as string;
  const days = Math.floor((soonest.notAfter.getTime() - at.getTime()) / DAY_MS);
  const message = `${name} expires first, on ${soonest.notAfter.toISOString()} (${days} days)`;
  if (days < warnDays) progress.warn('WARN_EXPIRES_SOON', `${message}: within --warn-days ${warnDays}`);
  return { name: 'expiry', ok: true, message };
}

/** A fresh TLS handshake: the served chain, and the stapled OCSP response when the server sends one. */
async function servedChecks(
  set: SetFiles,
  target: { host: string; port: number },
  at: Date,
  revocation: VerifyServerSetOptions['revocation'],
  progress: Progress,
): Promise<Check[]> {
  const served = await probeServedChain(target.host, target.port);
  const checks = [servedCheck(set, target, served)];
  if (served.ocspResponse !== undefined && revocation !== 'off') {
    checks.push(stapledCheck(set, `${target.host}:${target.port}`, served.ocspResponse, at, revocation, progress));
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
  revocation: VerifyServerSetOptions['revocation'],
  progress: Progress,
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
    progress.warn('WARN_OCSP_STAPLE_UNUSABLE', `${message} (--revocation soft-fail)`);
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

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function hex(der: Uint8Array): string {
  return Buffer.from(der).toString('hex');
}
