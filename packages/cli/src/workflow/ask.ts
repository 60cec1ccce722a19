import { CliError } from '../errors.js';
import type { Io } from '../io/io.js';

/** A check of one answer: the problem to show, or undefined when the answer is fine. */
export type Check = (answer: string) => string | undefined;

/** How the wizard talks to the person at the terminal; tests inject their own. */
export interface Asker {
  say(text: string): void;
  /** Asks until the answer passes the check; an empty answer takes the default. */
  ask(question: string, options?: { default?: string; check?: Check }): Promise<string>;
  /** Yes or no; an empty answer takes the default. */
  confirm(question: string, fallback: boolean): Promise<boolean>;
}

/** Wrong answers allowed in a row before the wizard gives up (a script feeding it garbage). */
const MAX_ATTEMPTS = 5;

/** An Asker on the Io's terminal: questions and talk on stderr, answers read line by line from stdin. */
export function terminalAsker(io: Io): Asker {
  const asker: Asker = {
    say: (text) => io.stderr.write(`${text}\n`),
    async ask(question, options = {}) {
      const suffix = options.default === undefined || options.default === '' ? '' : ` [${options.default}]`;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const line = (await readLine(io, `${question}${suffix}: `)).trim();
        const answer = line === '' ? (options.default ?? '') : line;
        const problem = options.check?.(answer);
        if (problem === undefined) return answer;
        io.stderr.write(`  ${problem}\n`);
      }
      throw new CliError('ERR_USAGE', `no usable answer to "${question}"`);
    },
    async confirm(question, fallback) {
      const answer = await asker.ask(`${question} (y/n)`, {
        default: fallback ? 'y' : 'n',
        check: (text) => (/^(y|yes|n|no)$/i.test(text) ? undefined : 'answer y or n'),
      });
      return /^y/i.test(answer);
    },
  };
  return asker;
}

/** One line from the terminal, echoed by the terminal itself. Ctrl-D (end of input) cancels. */
function readLine(io: Io, question: string): Promise<string> {
  const { stdin } = io;
  io.stderr.write(question);
  return new Promise((resolve, reject) => {
    let line = '';
    const finish = (error?: Error) => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.pause();
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (chunk: Buffer | string) => {
      const text = chunk.toString();
      const end = text.search(/[\r\n]/);
      if (end === -1) {
        line += text;
        return;
      }
      line += text.slice(0, end);
      finish();
    };
    const onEnd = () => finish(new CliError('ERR_USAGE', 'the wizard was cancelled (end of input)'));
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}
