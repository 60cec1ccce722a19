import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { ExitCode } from './exit-codes.js';
import type { Io } from './io/io.js';
import { buildProgramForRun, configureEveryCommand } from './program.js';
import type { Runner } from './runner.js';

export { ExitCode } from './exit-codes.js';
export { type Io, processIo } from './io/io.js';
export { buildProgram } from './program.js';
export type { Handler, Runner } from './runner.js';

/** Commander outcomes that are not failures. */
const COMMANDER_SUCCESS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** The CLI's version, from its package.json. */
export function cliVersion(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return packageJson.version;
}

/**
 * The option parser quotes what it did not understand (`unknown option '--passphrase=hunter2'`);
 * a value written with `=` may be a secret typed by mistake, so only the option name is kept.
 */
export function redactOptionValues(text: string): string {
  return text.replace(/'(-{1,2}[A-Za-z0-9][A-Za-z0-9-]*)=[^']*'/g, "'$1=…'");
}

/** The parser's `error: …` lines carry the prefix of every other failure: `certwright: error: …`. */
function withOurPrefix(text: string): string {
  return text.replace(/^error: /gm, 'certwright: error: ');
}

/** A usage error the argument parser caught (unknown option, bad choice, missing argument) as --json's error. */
function parserError(error: CommanderError): { code: 'ERR_USAGE'; message: string } {
  return { code: 'ERR_USAGE', message: redactOptionValues(error.message.replace(/^error: /, '')) };
}

/**
 * Runs the CLI on `argv` (without the node and script paths) and returns the exit code.
 * The one place errors turn into messages and exit codes; stack traces only with CERTWRIGHT_DEBUG=1.
 */
export async function runCli(argv: readonly string[], io: Io): Promise<ExitCode> {
  const json = argv.includes('--json');
  const debug = io.env.CERTWRIGHT_DEBUG === '1';
  let exitCode: ExitCode = ExitCode.ok;
  const runner: Runner = {
    async run(_command, options, load) {
      const handler = await load();
      exitCode = await handler(options, io);
    },
  };
  const program = buildProgramForRun(runner, cliVersion());
  configureEveryCommand(program, {
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(withOurPrefix(redactOptionValues(text))),
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (COMMANDER_SUCCESS.has(error.code)) return ExitCode.ok;
      // The parser has said it on stderr; --json promises the failure document on stdout too.
      if (json) io.stdout.write(`${JSON.stringify({ ok: false, error: parserError(error) }, null, 2)}\n`);
      return ExitCode.usage;
    }
    // Loaded only on failure: they pull in @certwright/core, which a successful --help never needs.
    const [{ reportFailure }, { exitCodeFor }] = await Promise.all([
      import('./io/output.js'),
      import('./error-exit-code.js'),
    ]);
    reportFailure(io, error, json, debug);
    return exitCodeFor(error);
  }
}
