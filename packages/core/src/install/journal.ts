import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { InstallError } from './errors.js';
import type { InstallFileSystem } from './install-fs.js';
import { INSTALL_JOURNAL_NAME, INSTALL_JOURNAL_WRITING_NAME, INSTALL_MANAGED_NAMES } from './layout.js';

/** One file the journal speaks of: its name in the target, what it holds and its mode. */
export interface JournalEntry {
  name: string;
  /** SHA-256 of the content, lower-case hex: recovery checks each step against it. */
  sha256: string;
  mode: number;
}

/**
 * What an install is doing, written before the target is changed, so a later run can finish it.
 * It names files and hashes only, never their content (the key stays out of it).
 */
export interface InstallJournal {
  format: 'certwright-install-journal';
  version: 1;
  /** `rollback` when the swap puts a previous set back after a failed reload. */
  purpose: 'install' | 'rollback';
  startedAt: string;
  /** Where the previous set is copied before the swap; null when it is not kept (a rollback). */
  backupDir: string | null;
  /** The new files, each staged in the target under its staged name, renamed in one by one. */
  install: JournalEntry[];
  /** The files the target held: copied to backupDir first, removed when `install` lacks them. */
  previous: JournalEntry[];
}

const enc = new TextEncoder();

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function journalPath(target: string): string {
  return posix.join(target, INSTALL_JOURNAL_NAME);
}

/** Writes the journal atomically: under a temporary name, flushed, then renamed into place. */
export async function writeJournal(fs: InstallFileSystem, target: string, journal: InstallJournal): Promise<void> {
  const writing = posix.join(target, INSTALL_JOURNAL_WRITING_NAME);
  await fs.remove(writing);
  await fs.writeNewFile(writing, enc.encode(`${JSON.stringify(journal, null, 2)}\n`), 0o600);
  await fs.rename(writing, journalPath(target));
  await fs.syncDirectory(target);
}

/** The journal of an interrupted install in `target`, or undefined when there is none. */
export async function readJournal(fs: InstallFileSystem, target: string): Promise<InstallJournal | undefined> {
  const path = journalPath(target);
  const bytes = await fs.readFile(path);
  if (bytes === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw invalid(path, 'not JSON', error);
  }
  return checkJournal(parsed, path);
}

function checkJournal(value: unknown, path: string): InstallJournal {
  const journal = value as Partial<InstallJournal>;
  if (typeof value !== 'object' || value === null || journal.format !== 'certwright-install-journal')
    throw invalid(path, 'not an install journal');
  if (journal.version !== 1) throw invalid(path, `unknown version ${String(journal.version)}`);
  if (journal.purpose !== 'install' && journal.purpose !== 'rollback') throw invalid(path, 'unknown purpose');
  if (typeof journal.startedAt !== 'string') throw invalid(path, 'no start time');
  if (journal.backupDir !== null && typeof journal.backupDir !== 'string') throw invalid(path, 'bad backupDir');
  if (!Array.isArray(journal.install) || !journal.install.every(isEntry)) throw invalid(path, 'bad install list');
  if (!Array.isArray(journal.previous) || !journal.previous.every(isEntry)) throw invalid(path, 'bad previous list');
  return journal as InstallJournal;
}

/** Only the managed names: a tampered journal must not make recovery touch other files. */
function isEntry(entry: unknown): entry is JournalEntry {
  const candidate = entry as Partial<JournalEntry>;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof candidate.name === 'string' &&
    INSTALL_MANAGED_NAMES.includes(candidate.name) &&
    typeof candidate.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(candidate.sha256) &&
    (candidate.mode === 0o600 || candidate.mode === 0o644)
  );
}

function invalid(path: string, why: string, cause?: unknown): InstallError {
  return new InstallError(
    'ERR_INSTALL_JOURNAL_INVALID',
    `${path}: ${why}; the interrupted install cannot be finished automatically — compare the target with the newest backup and remove the journal by hand`,
    { source: path },
    { cause },
  );
}
