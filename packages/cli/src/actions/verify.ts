import { type VerifyCheck, splitHostPort, verifyServerSet } from '@certwright/deploy';
import type { VerifyOptions } from '../commands/verify.js';
import { usageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io/io.js';
import { createRevocationFetch } from '../io/revocation-fetch.js';
import type { Outcome, Talk } from '../render/outcome.js';
import { passphraseSource } from './shared/key-passphrase.js';
import { parseTimeOption } from './shared/time-option.js';
import { present } from '../render/present.js';

export type { VerifyOptions };

/** Every check and its outcome (the --json fields, docs/cli.md). */
export interface VerifyResult {
  directory: string;
  valid: boolean;
  at: string;
  checks: VerifyCheck[];
}

/** Steps 6–7: every check runs and is reported; exit 1 when any failed. */
export async function verifyDirectory(options: VerifyOptions, io: Io, talk: Talk): Promise<Outcome<VerifyResult>> {
  const at = options.at === undefined ? io.now() : parseTimeOption(options.at, '--at');
  if (options.deviceMode === 'hostname' && options.host === undefined) {
    throw usageError('--device-mode hostname needs --host: the FQDN the devices reach OVOC by', 'host');
  }
  const connect = options.connect === undefined ? undefined : hostPort(options.connect, '--connect');
  const verified = await verifyServerSet({
    cwd: io.cwd,
    dir: options.dir,
    key: options.key,
    passphrase: passphraseSource(options.passphrase, io),
    host: options.host,
    deviceMode: options.deviceMode,
    at,
    connect,
    ocspResponses: options.ocspResponses,
    revocation: options.revocation,
    anchorConstraints: options.anchorConstraints,
    fetchRevocation: options.fetchRevocation ? createRevocationFetch(io.env) : undefined,
    profile: options.profile,
    warnDays: options.warnDays,
    progress: talk,
  });
  return talk.outcome(verified.valid ? ExitCode.ok : ExitCode.checkFailed, verified);
}

/** Each check on a line: ok or FAIL, its name, and what it found. */
export function verifyText(result: VerifyResult): string {
  const lines = [`${result.directory}: ${result.valid ? 'all checks passed' : 'a check FAILED'}`];
  for (const check of result.checks) {
    const status = check.ok ? 'ok  ' : 'FAIL';
    lines.push(`  ${status} ${check.name.padEnd(7)} ${check.code ? `${check.code}: ` : ''}${check.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `host:port`, `[v6]:port` → parts; anything else is a usage error naming the flag. */
function hostPort(text: string, flag: string): { host: string; port: number } {
  const parts = splitHostPort(text);
  if (parts === undefined) throw usageError(`${flag} "${text}": expected host:port`, flag);
  return parts;
}

/** The command's handler: the work, then its rendering. */
export const verifyDirectoryHandler = present(verifyDirectory, verifyText);
