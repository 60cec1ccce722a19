import { Command } from 'commander';
import {
  caInitSpec,
  caSignSpec,
  chainVerifySpec,
  convertSpec,
  csrCreateSpec,
  csrShowSpec,
  deviceEnrollSpec,
  deviceFilesSpec,
  deviceProbeSpec,
  deviceProvisionSpec,
  devicePushSpec,
  deviceStatusSpec,
  importSpec,
  inspectSpec,
  installSpec,
  keyCreateSpec,
  keystoreCreateSpec,
  rotateSpec,
  scanSpec,
  truststoreAddSpec,
  truststoreCreateSpec,
  truststoreListSpec,
  truststoreRemoveSpec,
  verifySpec,
  workflowRunSpec,
  workflowSpec,
} from './commands/index.js';
import { helpFooter } from './spec/help-footer.js';
import { completionCommand } from './completion/command.js';
import type { Handler, Runner } from './runner.js';
import { bindCommand } from './spec/bind.js';
import { declareOnDemand } from './spec/to-commander.js';
import type { CommandSpec, OptionsOf } from './spec/command-spec.js';

/** Each command's handler, loaded when the command runs (so --help and --version load none). */
const HANDLERS = {
  keyCreate: async () => (await import('./actions/key/create.js')).keyCreateHandler,
  csrCreate: async () => (await import('./actions/csr/create.js')).csrCreateHandler,
  csrShow: async () => (await import('./actions/csr/show.js')).csrShowHandler,
  caInit: async () => (await import('./actions/ca/init.js')).caInitHandler,
  caSign: async () => (await import('./actions/ca/sign.js')).caSignHandler,
  chainVerify: async () => (await import('./actions/chain/verify.js')).chainVerifyHandler,
  truststoreCreate: async () => (await import('./actions/truststore/create.js')).truststoreCreateHandler,
  truststoreList: async () => (await import('./actions/truststore/list.js')).truststoreListHandler,
  truststoreAdd: async () => (await import('./actions/truststore/modify.js')).truststoreAddHandler,
  truststoreRemove: async () => (await import('./actions/truststore/modify.js')).truststoreRemoveHandler,
  devicePush: async () => (await import('./actions/device/push.js')).devicePushHandler,
  deviceStatus: async () => (await import('./actions/device/status.js')).deviceStatusHandler,
  deviceEnroll: async () => (await import('./actions/device/enroll.js')).deviceEnrollHandler,
  deviceProvision: async () => (await import('./actions/device/provision.js')).deviceProvisionHandler,
  deviceFiles: async () => (await import('./actions/device/files.js')).deviceFilesHandler,
  deviceProbe: async () => (await import('./actions/device/probe.js')).deviceProbeHandler,
  keystoreCreate: async () => (await import('./actions/keystore/create.js')).keystoreCreateHandler,
  importFiles: async () => (await import('./actions/import.js')).importFilesHandler,
  install: async () => (await import('./actions/install.js')).installHandler,
  rotate: async () => (await import('./actions/rotate.js')).rotateActionHandler,
  verify: async () => (await import('./actions/verify.js')).verifyDirectoryHandler,
  scan: async () => (await import('./actions/scan.js')).scanHandler,
  workflow: async () => (await import('./actions/workflow-wizard.js')).workflowWizard,
  workflowRun: async () => (await import('./actions/workflow-run.js')).workflowRunHandler,
  inspect: async () => (await import('./actions/inspect.js')).inspectHandler,
  convert: async () => (await import('./actions/convert.js')).convertHandler,
};

/** The root command with every command group. Building it loads no handler and no crypto. */
export function buildProgram(runner: Runner, version: string): Command {
  return programTree(runner, version, false);
}

/**
 * The program for one run: each command's options are declared only when the parser reaches it
 * or its help is shown, so start-up builds what the command line uses (same parsing, same help).
 */
export function buildProgramForRun(runner: Runner, version: string): Command {
  const program = programTree(runner, version, true);
  declareOnDemand(program);
  return program;
}

function programTree(runner: Runner, version: string, onDemand: boolean): Command {
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
  const bind = <S extends CommandSpec>(spec: S, load: () => Promise<Handler<OptionsOf<S>>>) =>
    bindCommand(runner, spec, load, { onDemand });
  const group = (name: string, description: string, commands: Command[]) => {
    const command = program.command(name).description(description);
    for (const sub of commands) command.addCommand(sub);
  };
  group('key', 'private keys (workflow step 1)', [bind(keyCreateSpec, HANDLERS.keyCreate)]);
  group('csr', 'certificate signing requests (workflow steps 2 and 3)', [
    bind(csrCreateSpec, HANDLERS.csrCreate),
    bind(csrShowSpec, HANDLERS.csrShow),
  ]);
  group('ca', 'a lab CA for tests, demos and small labs (workflow step 3)', [
    bind(caInitSpec, HANDLERS.caInit),
    bind(caSignSpec, HANDLERS.caSign),
  ]);
  group('chain', 'certificate chains: build and validate (workflow steps 6 and 7)', [
    bind(chainVerifySpec, HANDLERS.chainVerify),
  ]);
  group('truststore', 'trust stores: PEM bundles, PKCS#12 and JKS', [
    bind(truststoreCreateSpec, HANDLERS.truststoreCreate),
    bind(truststoreListSpec, HANDLERS.truststoreList),
    bind(truststoreAddSpec, HANDLERS.truststoreAdd),
    bind(truststoreRemoveSpec, HANDLERS.truststoreRemove),
  ]);
  group('device', 'AudioCodes devices: load certificates and switch on verification (workflow step 8)', [
    bind(devicePushSpec, HANDLERS.devicePush),
    bind(deviceStatusSpec, HANDLERS.deviceStatus),
    bind(deviceEnrollSpec, HANDLERS.deviceEnroll),
    bind(deviceProvisionSpec, HANDLERS.deviceProvision),
    bind(deviceFilesSpec, HANDLERS.deviceFiles),
    bind(deviceProbeSpec, HANDLERS.deviceProbe),
  ]);
  group('keystore', 'key stores: a private key with its chain as PKCS#12 or JKS', [
    bind(keystoreCreateSpec, HANDLERS.keystoreCreate),
  ]);
  program.addCommand(bind(importSpec, HANDLERS.importFiles));
  program.addCommand(bind(installSpec, HANDLERS.install));
  program.addCommand(bind(rotateSpec, HANDLERS.rotate));
  program.addCommand(bind(verifySpec, HANDLERS.verify));
  program.addCommand(bind(scanSpec, HANDLERS.scan));
  program.addCommand(bind(workflowSpec, HANDLERS.workflow).addCommand(bind(workflowRunSpec, HANDLERS.workflowRun)));
  program.addCommand(bind(inspectSpec, HANDLERS.inspect));
  program.addCommand(bind(convertSpec, HANDLERS.convert));
  program.addCommand(completionCommand(runner, program));
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
