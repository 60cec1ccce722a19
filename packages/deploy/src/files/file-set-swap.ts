/**
 * Replacing several output files as one set: every new file is staged beside its target first,
 * then a journal is written, each existing target is moved to a backup name and the staged file
 * renamed in, files the new set lacks are moved aside too, and only then is the journal removed and
 * the backups deleted. Any failure before that point puts every previous file back and removes the
 * staged ones; a process killed part-way leaves the journal, and the next write to that directory
 * rolls back the same way first. So an interrupted or failed `import --force` leaves the previous
 * set whole, and never a temp file behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FileError } from '../errors.js';
import { systemReason } from '../system-reason.js';

/** One file of the new set. */
export interface SetFile {
  /** Absolute path of the target. */
  target: string;
  /** As the user named it, for messages. */
  label: string;
  data: string | Uint8Array;
  mode: number;
}

/** The journal, beside the first target: enough to undo the swap after a crash. */
const JOURNAL_NAME = '.certwright-write.journal';

interface JournalEntry {
  target: string;
  /** The staged new file, until it is renamed onto the target. */
  staged?: string;
  /** Where the previous target is moved while the swap runs. */
  backup: string;
  /** SHA-256 of the new data: after a crash, a target holding it without a backup is ours to remove. */
  sha256?: string;
}

interface Journal {
  format: 'certwright-write-journal';
  version: 1;
  entries: JournalEntry[];
}

/**
 * Replaces `files` and removes `removals` (absolute paths) as one set. Without `force`, a target
 * that exists (or appears meanwhile) is ERR_OUTPUT_EXISTS and nothing changes.
 */
export async function swapFileSet(
  files: readonly SetFile[],
  removals: readonly { target: string; label: string }[],
  force: boolean,
  onStep: (step: string) => void | Promise<void> = () => undefined,
): Promise<void> {
  const first = files[0] ?? removals[0];
  if (first === undefined) return;
  const journalPath = join(dirname(first.target), JOURNAL_NAME);
  await recoverFileSet(dirname(first.target));
  // A directory or device at an output name is refused before anything changes (it cannot be swapped).
  for (const file of [...files, ...removals]) await assertReplaceable(file.target, file.label);
  const id = randomBytes(6).toString('hex');
  const aside = (target: string, what: string) => join(dirname(target), `.${basename(target)}.${id}.${what}`);
  const entries: JournalEntry[] = [];
  try {
    for (const file of files) {
      const staged = aside(file.target, 'new');
      entries.push({ target: file.target, staged, backup: aside(file.target, 'old'), sha256: sha256(file.data) });
      await stageFile(staged, file);
    }
    for (const removal of removals) entries.push({ target: removal.target, backup: aside(removal.target, 'old') });
    await writeJournal(journalPath, { format: 'certwright-write-journal', version: 1, entries });
    await onStep('journal written');
  } catch (error) {
    await removeQuietly([journalPath, ...entries.flatMap((entry) => (entry.staged ? [entry.staged] : []))]);
    throw asWriteError(error, files[entries.length - 1]?.label ?? first.label);
  }
  const labels = new Map([...files, ...removals].map((file) => [file.target, file.label]));
  let current = first.label;
  try {
    for (const entry of entries) {
      current = labels.get(entry.target) ?? entry.target;
      if (entry.staged === undefined || force) await moveAside(entry);
      await onStep(`${current} moved aside`);
      if (entry.staged === undefined) continue;
      // Without --force, link: a target that appeared since the check is not clobbered.
      if (force) await rename(entry.staged, entry.target);
      else await link(entry.staged, entry.target).then(() => unlink(entry.staged as string));
      await onStep(`${current} in place`);
    }
  } catch (error) {
    // Should putting the previous files back fail too, the journal stays and the next write finishes it.
    await rollBack(entries, journalPath).catch(() => undefined);
    throw asWriteError(error, current);
  }
  // The commit point: without the journal, the new set stands.
  await unlink(journalPath);
  await removeQuietly(entries.map((entry) => entry.backup));
}

/** Undoes the swap a killed process left in `directory`, if its journal is there. */
export async function recoverFileSet(directory: string): Promise<void> {
  const journalPath = join(directory, JOURNAL_NAME);
  let journal: Journal;
  try {
    journal = JSON.parse(await readFile(journalPath, 'utf8')) as Journal;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new FileError('ERR_OUTPUT_UNWRITABLE', `${journalPath}: an interrupted write's journal cannot be read`, {
      source: journalPath,
      cause: error,
    });
  }
  if (journal.format !== 'certwright-write-journal' || !Array.isArray(journal.entries)) {
    throw new FileError('ERR_OUTPUT_UNWRITABLE', `${journalPath}: not a Certwright write journal`, {
      source: journalPath,
    });
  }
  await rollBack(journal.entries, journalPath);
}

/** Previous files back in place, new ones and staged ones gone, then the journal. */
async function rollBack(entries: readonly JournalEntry[], journalPath: string): Promise<void> {
  for (const entry of [...entries].reverse()) {
    if (await exists(entry.backup)) await rename(entry.backup, entry.target);
    else if (entry.sha256 !== undefined && (await holds(entry.target, entry.sha256))) await unlink(entry.target);
    if (entry.staged !== undefined) await removeQuietly([entry.staged]);
  }
  await removeQuietly([journalPath]);
}

async function assertReplaceable(target: string, label: string): Promise<void> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(target);
  } catch {
    return;
  }
  if (info.isFile() || info.isSymbolicLink()) return;
  throw new FileError('ERR_OUTPUT_UNWRITABLE', `${label}: is not a regular file; nothing was changed`, {
    source: label,
  });
}

/** The current target (a file or a link: never followed) to its backup name, when there is one. */
async function moveAside(entry: JournalEntry): Promise<void> {
  try {
    await rename(entry.target, entry.backup);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

async function stageFile(path: string, file: SetFile): Promise<void> {
  const handle = await open(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    file.mode,
  );
  try {
    await handle.writeFile(file.data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeJournal(path: string, journal: Journal): Promise<void> {
  const handle = await open(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    await handle.writeFile(`${JSON.stringify(journal)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function holds(path: string, digest: string): Promise<boolean> {
  try {
    const info = await lstat(path);
    return info.isFile() && sha256(await readFile(path)) === digest;
  } catch {
    return false;
  }
}

/** True when something (a file, a link, anything) is at the path; a link is not followed. */
export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function removeQuietly(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((path) => unlink(path).catch(() => undefined)));
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function asWriteError(error: unknown, label: string): FileError {
  if (error instanceof FileError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST') {
    return new FileError('ERR_OUTPUT_EXISTS', `${label}: already exists (use --force to overwrite)`, { source: label });
  }
  return new FileError(
    'ERR_OUTPUT_UNWRITABLE',
    `${label}: cannot be written: ${systemReason(error, 'writing')}; nothing was changed`,
    {
      source: label,
      cause: error,
    },
  );
}
