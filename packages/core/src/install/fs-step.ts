import { CertwrightError } from '../errors.js';
import { InstallError } from './errors.js';

/** Runs one file operation, turning a system error into ERR_INSTALL_IO that says what was being done. */
export async function fsStep<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof CertwrightError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InstallError('ERR_INSTALL_IO', `${what}: ${reason}`, {}, { cause: error });
  }
}
