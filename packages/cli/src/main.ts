import { processIo, runCli } from './index.js';

/** The `certwright` executable: run, then let the process exit with the code. */
process.exitCode = await runCli(process.argv.slice(2), processIo());
