import { type RotatePairResult, type RotationEnd, rotatePair } from '@certwright/deploy';
import { CertwrightError } from '@certwright/core';
import type { RotateOptions } from '../commands/rotate.js';
import { exitCodeFor } from '../error-exit-code.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io/io.js';
import { readSecret } from '../io/secrets.js';
import type { Outcome, Talk } from '../render/outcome.js';
import { humanPlan, humanReport } from '../render/rotation.js';
import { passphraseSource } from './shared/key-passphrase.js';
import { present } from '../render/present.js';

export type { RotateOptions };

/** The dry run or the run as --json prints it: the run's `error` as the error document. */
export type RotateResult =
  | Extract<RotatePairResult, { dryRun: true }>
  | (Omit<Extract<RotatePairResult, { dryRun: false }>, 'error' | 'dryRun' | 'end'> & {
      ok: boolean;
      error?: { code: string; message: string };
    });

/**
 * `certwright rotate`: rotates the server certificate set of an OVOC HA pair, one node at a
 * time, over SSH/SFTP, under a local journal (@certwright/deploy's rotatePair).
 */
export async function rotateAction(options: RotateOptions, io: Io, talk: Talk): Promise<Outcome<RotateResult>> {
  const result = await rotatePair({
    plan: options.plan,
    cwd: io.cwd,
    journal: options.journal,
    dryRun: options.dryRun,
    resume: options.resume,
    insecureSkipHostKeyCheck: options.insecureSkipHostKeyCheck,
    passphrase: passphraseSource(options.passphrase, io),
    sshPassphrase: (path) =>
      readSecret(
        options.sshPassphrase,
        { flag: 'ssh-passphrase', purpose: `passphrase for SSH key ${path}`, confirm: false },
        io,
      ),
    home: io.env.HOME,
    now: io.now,
    progress: talk,
    ...(io.checkpoint === undefined ? {} : { checkpoint: io.checkpoint }),
  });
  if (result.dryRun) return talk.outcome(ExitCode.ok, result);
  const { error, dryRun: _dryRun, end, ...report } = result;
  const failure = error === undefined ? undefined : errorDocument(error, io, talk);
  return talk.outcome(exitCode(end, error), {
    ok: report.complete,
    ...report,
    ...(failure === undefined ? {} : { error: failure }),
  });
}

/** The report for stdout: the plan a dry run would carry out, or what each node holds. */
export function rotateText(result: RotateResult): string {
  return 'actions' in result ? humanPlan(result.plan, result.actions) : humanReport(result.plan, result);
}

/** The error that stopped the run, told on stderr and returned for --json. */
function errorDocument(error: unknown, io: Io, talk: Talk): { code: string; message: string } {
  const known = error instanceof CertwrightError;
  const message = known ? error.message : 'internal error (set CERTWRIGHT_DEBUG=1 for details)';
  talk.note(`certwright: error: ${message}`);
  if (io.env.CERTWRIGHT_DEBUG === '1' && error instanceof Error && error.stack) talk.note(error.stack);
  return known ? error.toJSON() : { code: 'ERR_INTERNAL', message };
}

/**
 * 0 complete; 5 when a node holds the new set and the run stopped (the pair is mixed or not
 * back in HA); 1 when a node was rolled back before any node changed; otherwise the error's code.
 */
function exitCode(end: RotationEnd, error: unknown): ExitCode {
  if (end === 'complete') return ExitCode.ok;
  if (end === 'mixed') return ExitCode.partialFleet;
  if (end === 'rolled-back') return ExitCode.checkFailed;
  return exitCodeFor(error);
}

/** The command's handler: the work, then its rendering. */
export const rotateActionHandler = present(rotateAction, rotateText);
