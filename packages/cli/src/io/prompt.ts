import { CliError } from '../errors.js';
import type { Io } from './io.js';

/** Reads one line from the terminal without echoing it. Ctrl-C or Ctrl-D aborts. */
export function readHidden(io: Io, question: string): Promise<string> {
  const { stdin } = io;
  io.stderr.write(question);
  return new Promise((resolve, reject) => {
    let answer = '';
    const wasRaw = (stdin as { isRaw?: boolean }).isRaw ?? false;
    stdin.setRawMode?.(true);
    stdin.resume();
    const finish = (error?: Error) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      io.stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') {
          return finish(new CliError('ERR_SECRET_UNAVAILABLE', 'prompt cancelled'));
        }
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    stdin.on('data', onData);
  });
}
