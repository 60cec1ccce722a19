import { Command } from 'commander';
import { caInitCommand } from './commands/ca/init.js';
import { caSignCommand } from './commands/ca/sign.js';
import { convertCommand } from './commands/convert.js';
import { chainVerifyCommand } from './commands/chain/verify.js';
import { csrCreateCommand } from './commands/csr/create.js';
import { csrShowCommand } from './commands/csr/show.js';
import { inspectCommand } from './commands/inspect.js';
import { keyCreateCommand } from './commands/key/create.js';
import { importCommand } from './commands/import.js';
import { installCommand } from './commands/install.js';
import { rotateCommand } from './commands/rotate.js';
import { scanCommand } from './commands/scan.js';
import { helpFooter } from './commands/options.js';
import { verifyCommand } from './commands/verify.js';
import { workflowCommand } from './commands/workflow.js';
import { truststoreCreateCommand } from './commands/truststore/create.js';
import { truststoreListCommand } from './commands/truststore/list.js';
import { truststoreAddCommand, truststoreRemoveCommand } from './commands/truststore/modify.js';
import { keystoreCreateCommand } from './commands/keystore/create.js';
import { devicePushCommand } from './commands/device/push.js';
import { deviceStatusCommand } from './commands/device/status.js';
import { deviceEnrollCommand } from './commands/device/enroll.js';
import { deviceProvisionCommand } from './commands/device/provision.js';
import { deviceFilesCommand } from './commands/device/files.js';
import { deviceProbeCommand } from './commands/device/probe.js';
import type { Runner } from './runner.js';

/** The root command with every command group. Building it loads no handler and no crypto. */
export function buildProgram(runner: Runner, version: string): Command {
  const program = new Command('certwright')
    .description('Certificate lifecycle for AudioCodes OVOC servers and the devices they manage')
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      helpFooter(
        [
          'certwright key create --out server.key',
          'certwright csr create --key server.key --out server.csr --cn ovoc.example.com',
          'certwright csr show server.csr',
          'certwright ca init --out-dir lab-ca --intermediates 2',
          'certwright ca sign --ca-dir lab-ca --csr server.csr --out server.crt',
        ],
        [0, 1, 2, 3, 4, 5, 70],
      ),
    );
  program.command('key').description('private keys (workflow step 1)').addCommand(keyCreateCommand(runner));
  program
    .command('csr')
    .description('certificate signing requests (workflow steps 2 and 3)')
    .addCommand(csrCreateCommand(runner))
    .addCommand(csrShowCommand(runner));
  program
    .command('ca')
    .description('a lab CA for tests, demos and small labs (workflow step 3)')
    .addCommand(caInitCommand(runner))
    .addCommand(caSignCommand(runner));
  program
    .command('chain')
    .description('certificate chains: build and validate (workflow steps 6 and 7)')
    .addCommand(chainVerifyCommand(runner));
  program
    .command('truststore')
    .description('trust stores: PEM bundles, PKCS#12 and JKS')
    .addCommand(truststoreCreateCommand(runner))
    .addCommand(truststoreListCommand(runner))
    .addCommand(truststoreAddCommand(runner))
    .addCommand(truststoreRemoveCommand(runner));
  program
    .command('device')
    .description('AudioCodes devices: load certificates and switch on verification (workflow step 8)')
    .addCommand(devicePushCommand(runner))
    .addCommand(deviceStatusCommand(runner))
    .addCommand(deviceEnrollCommand(runner))
    .addCommand(deviceProvisionCommand(runner))
    .addCommand(deviceFilesCommand(runner))
    .addCommand(deviceProbeCommand(runner));
  program
    .command('keystore')
    .description('key stores: a private key with its chain as PKCS#12 or JKS')
    .addCommand(keystoreCreateCommand(runner));
  program.addCommand(importCommand(runner));
  program.addCommand(installCommand(runner));
  program.addCommand(rotateCommand(runner));
  program.addCommand(verifyCommand(runner));
  program.addCommand(scanCommand(runner));
  program.addCommand(workflowCommand(runner));
  program.addCommand(inspectCommand(runner)).addCommand(convertCommand(runner));
  return program;
}

/**
 * Commander's exit and output settings do not reach subcommands added with addCommand, so
 * apply them to every command: errors become exceptions (mapped to exit codes in one place)
 * and output goes to the given streams.
 */
export function configureEveryCommand(
  command: Command,
  output: { writeOut(text: string): void; writeErr(text: string): void },
): void {
  command.exitOverride();
  command.configureOutput({ writeOut: output.writeOut, writeErr: output.writeErr });
  for (const sub of command.commands) configureEveryCommand(sub, output);
}
