import { type ImportedFile, type ImportedKey, importServerSet, type LocatedProblem } from '@certwright/deploy';
import type { ImportOptions } from '../commands/import.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io/io.js';
import { readSecret } from '../io/secrets.js';
import type { Outcome, Talk } from '../render/outcome.js';
import { newPassphraseSource, passphraseSource } from './shared/key-passphrase.js';
import { parseTimeOption } from './shared/time-option.js';
import { present } from '../render/present.js';

export type { ImportOptions };

/** The set written, or why nothing was (the --json fields, docs/cli.md). */
export type ImportResult =
  | {
      directory: string;
      files: ImportedFile[];
      ignored: ImportedFile[];
      key: string | null;
      keyWritten: ImportedKey | null;
    }
  | { valid: false; problems: LocatedProblem[]; files: ImportedFile[]; written: false };

/** Identifies each certificate's role, checks the chain (and key), then writes the canonical set. */
export async function importFiles(options: ImportOptions, io: Io, talk: Talk): Promise<Outcome<ImportResult>> {
  const at = options.at === undefined ? io.now() : parseTimeOption(options.at, '--at');
  const imported = await importServerSet({
    cwd: io.cwd,
    files: options.files,
    outDir: options.outDir,
    key: options.key,
    passphrase: passphraseSource(options.passphrase, io),
    // Asked for only when an input turns out to hold a key: then --passphrase encrypts the key written.
    storeKey: {
      out: options.keyOut,
      encrypt: options.encrypt,
      passphrase: newPassphraseSource(options.encrypt, options.passphrase, io),
    },
    storepass: (file) =>
      readSecret(options.storepass, { flag: 'storepass', purpose: `password of ${file}`, confirm: false }, io),
    at,
    force: options.force,
    progress: talk,
  });
  if (!imported.valid) return talk.outcome(ExitCode.checkFailed, imported);
  const { valid: _valid, ...written } = imported;
  return talk.outcome(ExitCode.ok, written);
}

/** The mapping written (input → canonical file), or every problem of a chain that does not validate. */
export function importText(result: ImportResult, options: ImportOptions): string {
  if ('problems' in result) {
    return [
      'the chain does not validate; nothing was written:',
      ...result.problems.map((problem) => `  ${problem.code} (${problem.from}): ${problem.message}`),
    ].join('\n');
  }
  const width = Math.max(...result.files.map((entry) => entry.file.length));
  const order = result.files.map((entry) => entry.file.replace(/\.crt$/, '')).join(' → ');
  const lines = [`wrote ${options.outDir}/ (${order}; each file is issued by the one before it):`];
  for (const entry of result.files) lines.push(`  ${entry.file.padEnd(width)}  ← ${entry.from}: ${entry.subject}`);
  if (result.keyWritten !== null) {
    const { file, from, encrypted } = result.keyWritten;
    const protection = encrypted ? 'encrypted (PBES2, AES-256-CBC), mode 0600' : 'NOT encrypted, mode 0600';
    lines.push(`  ${file} ← ${from}: the private key, ${protection}; it matches server.crt`);
  } else if (options.key) lines.push(`  ${options.key} matches server.crt`);
  return `${lines.join('\n')}\n`;
}

/** The command's handler: the work, then its rendering. */
export const importFilesHandler = present(importFiles, importText);
