import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * Runs the real openssl binary: some vectors must be made by an independent implementation
 * (weak CSRs core refuses to create, legacy key formats, CA certificates from fixed keys).
 */
export async function openssl(args: string[], options: { cwd?: string } = {}): Promise<string> {
  try {
    const { stdout } = await execFileAsync('openssl', args, { cwd: options.cwd, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args.join(' ')} failed: ${stderr.trim()}`, { cause: error });
  }
}
