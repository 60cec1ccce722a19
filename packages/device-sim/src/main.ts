// `certwright-device-sim`: starts the simulator, prints one JSON ready line, runs until SIGINT/SIGTERM.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSimArgs, parseUsersFile, type SimCliOptions, USAGE, UsageError } from './cli-options.js';
import { startSimulator } from './start.js';
import { writeFileAtomic } from './state-store.js';

async function main(argv: string[]): Promise<number> {
  let cli: SimCliOptions;
  try {
    cli = parseSimArgs(argv);
    if (cli.usersFile !== undefined) {
      const users = parseUsersFile(await readFile(cli.usersFile, 'utf8'));
      cli.simulator.users = [...(cli.simulator.users ?? []), ...users];
    }
  } catch (error) {
    if (!(error instanceof UsageError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    process.stderr.write(`certwright-device-sim: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (cli.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!cli.simulator.users || cli.simulator.users.length === 0) {
    process.stderr.write(
      'certwright-device-sim: warning: default device user Admin / Admin (security-admin) in use, as devices ship\n',
    );
  }
  const temporary =
    cli.simulator.stateDir === undefined ? await mkdtemp(join(tmpdir(), 'certwright-device-sim-')) : undefined;
  const simulator = await startSimulator(cli.simulator);
  // The factory CA for out-of-process clients (`--ca-file`): in the state directory, or a temporary one.
  const factoryCaFile = join(cli.simulator.stateDir ?? temporary ?? '.', 'factory-ca.pem');
  if (temporary !== undefined) await writeFileAtomic(factoryCaFile, simulator.factoryCaPem, 0o644);
  // The fingerprint lets a client pin a device whose certificate no CA issued (--factory-certificate).
  const devices = simulator.devices.map((device) => ({
    name: device.name,
    url: device.url,
    port: device.port,
    fingerprint: device.servedFingerprint(),
  }));
  process.stdout.write(`${JSON.stringify({ ready: true, factoryCaFile, devices })}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await simulator.close();
  if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `certwright-device-sim: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 70;
  },
);
