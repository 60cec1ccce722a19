import { processIo, runCli } from './index.js';

// A reader that stops early (`certwright … | head`) closes the pipe: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

/** The `certwright` executable: run, then let the process exit with the code. */
process.exitCode = await runCli(process.argv.slice(2), processIo());
