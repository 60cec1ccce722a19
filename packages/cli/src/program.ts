import { Command } from 'commander';
import { caInitSpec } from './commands/ca/init.js';
import { caSignSpec } from './commands/ca/sign.js';
import { convertSpec } from './commands/convert.js';
import { chainVerifySpec } from './commands/chain/verify.js';
import { csrCreateSpec } from './commands/csr/create.js';
import { csrShowSpec } from './commands/csr/show.js';
import { inspectSpec } from './commands/inspect.js';
import { keyCreateSpec } from './commands/key/create.js';
import { importSpec } from './commands/import.js';
import { installSpec } from './commands/install.js';
import { rotateSpec } from './commands/rotate.js';
import { scanSpec } from './commands/scan.js';
import { helpFooter } from './commands/options.js';
import { verifySpec } from './commands/verify.js';
import { workflowRunSpec, workflowSpec } from './commands/workflow.js';
import { truststoreCreateSpec } from './commands/truststore/create.js';
import { truststoreListSpec } from './commands/truststore/list.js';
import { truststoreAddSpec, truststoreRemoveSpec } from './commands/truststore/modify.js';
import { keystoreCreateSpec } from './commands/keystore/create.js';
import { devicePushCommand } from './commands/device/push.js';
import { deviceStatusCommand } from './commands/device/status.js';
import { deviceEnrollCommand } from './commands/device/enroll.js';
import { deviceProvisionCommand } from './commands/device/provision.js';
import { deviceFilesCommand } from './commands/device/files.js';
import { deviceProbeCommand } from './commands/device/probe.js';
import type { Runner } from './runner.js';
import { bindCommand } from './spec/bind.js';

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
  program
    .command('key')
    .description('private keys (workflow step 1)')
    .addCommand(
      bindCommand(runner, keyCreateSpec, async () => (await import('./actions/key/create.js')).keyCreateHandler),
    );
  program
    .command('csr')
    .description('certificate signing requests (workflow steps 2 and 3)')
    .addCommand(
      bindCommand(runner, csrCreateSpec, async () => (await import('./actions/csr/create.js')).csrCreateHandler),
    )
    .addCommand(bindCommand(runner, csrShowSpec, async () => (await import('./actions/csr/show.js')).csrShowHandler));
  program
    .command('ca')
    .description('a lab CA for tests, demos and small labs (workflow step 3)')
    .addCommand(bindCommand(runner, caInitSpec, async () => (await import('./actions/ca/init.js')).caInitHandler))
    .addCommand(bindCommand(runner, caSignSpec, async () => (await import('./actions/ca/sign.js')).caSignHandler));
  program
    .command('chain')
    .description('certificate chains: build and validate (workflow steps 6 and 7)')
    .addCommand(
      bindCommand(runner, chainVerifySpec, async () => (await import('./actions/chain/verify.js')).chainVerifyHandler),
    );
  program
    .command('truststore')
    .description('trust stores: PEM bundles, PKCS#12 and JKS')
    .addCommand(
      bindCommand(
        runner,
        truststoreCreateSpec,
        async () => (await import('./actions/truststore/create.js')).truststoreCreateHandler,
      ),
    )
    .addCommand(
      bindCommand(
        runner,
        truststoreListSpec,
        async () => (await import('./actions/truststore/list.js')).truststoreListHandler,
      ),
    )
    .addCommand(
      bindCommand(
        runner,
        truststoreAddSpec,
        async () => (await import('./actions/truststore/modify.js')).truststoreAddHandler,
      ),
    )
    .addCommand(
      bindCommand(
        runner,
        truststoreRemoveSpec,
        async () => (await import('./actions/truststore/modify.js')).truststoreRemoveHandler,
      ),
    );
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
    .addCommand(
      bindCommand(
        runner,
        keystoreCreateSpec,
        async () => (await import('./actions/keystore/create.js')).keystoreCreateHandler,
      ),
    );
  program.addCommand(
    bindCommand(runner, importSpec, async () => (await import('./actions/import.js')).importFilesHandler),
  );
  program.addCommand(
    bindCommand(runner, installSpec, async () => (await import('./actions/install.js')).installHandler),
  );
  program.addCommand(
    bindCommand(runner, rotateSpec, async () => (await import('./actions/rotate.js')).rotateActionHandler),
  );
  program.addCommand(
    bindCommand(runner, verifySpec, async () => (await import('./actions/verify.js')).verifyDirectoryHandler),
  );
  program.addCommand(bindCommand(runner, scanSpec, async () => (await import('./actions/scan.js')).scanHandler));
  program.addCommand(
    bindCommand(
      runner,
      workflowSpec,
      async () => (await import('./actions/workflow-wizard.js')).workflowWizard,
    ).addCommand(
      bindCommand(runner, workflowRunSpec, async () => (await import('./actions/workflow-run.js')).workflowRunHandler),
    ),
  );
  program.addCommand(
    bindCommand(runner, inspectSpec, async () => (await import('./actions/inspect.js')).inspectHandler),
  );
  program.addCommand(
    bindCommand(runner, convertSpec, async () => (await import('./actions/convert.js')).convertHandler),
  );
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
