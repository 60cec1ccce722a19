// `certwright-device-sim`: starts the simulator, prints one JSON ready line, runs until SIGINT/SIGTERM.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseSimArgs, parseUsersFile, type SimCliOptions, USAGE, UsageError } from './cli-options.js';
import {
  exists,
  type InventoryTarget,
  inventoryFileFormat,
  inventoryRows,
  inventoryTarget,
  inventoryText,
  inventoryUser,
  writeInventory,
} from './inventory-file.js';
import { startSimulator } from './start.js';
import { writeFileAtomic } from './state-store.js';

async function main(argv: string[]): Promise<number> {
  let cli: SimCliOptions;
  let target: InventoryTarget | undefined;
  try {
    cli = parseSimArgs(argv);
    if (cli.usersFile !== undefined) {
      const users = parseUsersFile(await readFile(cli.usersFile, 'utf8'));
      cli.simulator.users = [...(cli.simulator.users ?? []), ...users];
    }
    target = inventoryTarget(cli.writeInventory, cli.simulator.stateDir);
    if (cli.writeInventory !== undefined && target !== undefined) await refuseExisting(target, cli.force);
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
    cli.simulator.stateDir === undefined && target === undefined
      ? await mkdtemp(join(tmpdir(), 'certwright-device-sim-'))
      : undefined;
  const simulator = await startSimulator(cli.simulator);
  // The factory CA for out-of-process clients (`--ca-file`): in the state directory, beside the
  // inventory, or in a temporary directory removed on exit.
  const factoryCaFile =
    cli.simulator.stateDir !== undefined
      ? join(cli.simulator.stateDir, 'factory-ca.pem')
      : (target?.caFile ?? join(temporary ?? '.', 'factory-ca.pem'));
  if (temporary !== undefined) await writeFileAtomic(factoryCaFile, simulator.factoryCaPem, 0o644);
  if (target !== undefined) {
    const rows = inventoryRows(
      simulator.devices,
      inventoryUser(cli.simulator.users),
      cli.simulator.factoryCertificate === true,
    );
    const text = inventoryText(rows, inventoryFileFormat(target.inventoryFile) ?? 'csv');
    await writeInventory(target, text, simulator.factoryCaPem);
  }
  // The fingerprint lets a client pin a device whose certificate no CA issued (--factory-certificate).
  const devices = simulator.devices.map((device) => ({
    name: device.name,
    url: device.url,
    port: device.port,
    fingerprint: device.servedFingerprint(),
  }));
  const inventory = target === undefined ? {} : { inventory: { file: target.inventoryFile, caFile: target.caFile } };
  // Listen before saying ready: a client may send SIGTERM the moment it reads the line, and a signal
  // that arrives before the listener kills the process with no clean-up (and no exit code 0).
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write(`${JSON.stringify({ ready: true, factoryCaFile, ...inventory, devices })}\n`);
  await stopped;
  await simulator.close();
  if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  return 0;
}

/** --write-inventory names files that may be the user's own: they are never replaced without --force. */
async function refuseExisting(target: InventoryTarget, force: boolean): Promise<void> {
  const folder = dirname(target.inventoryFile);
  if (!(await exists(folder))) throw new UsageError(`--write-inventory: the folder ${folder} does not exist`);
  for (const path of force ? [] : [target.inventoryFile, target.caFile]) {
    if (await exists(path)) throw new UsageError(`${path} exists; remove it or add --force`);
  }
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
