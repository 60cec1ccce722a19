import { Command, Option } from 'commander';
import type { RotateOptions } from '../actions/rotate.js';
import type { Runner } from '../runner.js';
import { addSecretOptions, helpFooter, secretSource } from './options.js';

/** `certwright rotate`: workflow step 5 on an OVOC HA pair, one node at a time, over SSH. */
export function rotateCommand(runner: Runner): Command {
  const command = new Command('rotate')
    .description(
      'Rotate the server certificates of an OVOC HA pair over SSH/SFTP, one node at a time: swap, reload, probe, roll back on failure (step 5)',
    )
    .requiredOption(
      '--plan <file>',
      'the rotation plan (YAML): before/after commands, nodes, files; see docs/ha-rotation.md',
    )
    .option('--journal <file>', 'where the run records its progress (default: the plan path + ".journal")')
    .addOption(new Option('--dry-run', 'print every action and change nothing (no connection is made)'))
    .addOption(
      new Option('--resume', 'continue the run the journal records (after a crash, a kill or a fixed failure)'),
    )
    .option('--insecure-skip-host-key-check', "do NOT verify the nodes' SSH host keys against known_hosts")
    .option('--json', 'print the report as JSON on stdout');
  addSecretOptions(command, 'passphrase', 'passphrase of the server private key');
  addSecretOptions(command, 'ssh-passphrase', 'passphrase of the SSH identity key');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright rotate --plan ha.yaml --dry-run',
        'certwright rotate --plan ha.yaml --passphrase-file key-pass.txt --ssh-passphrase-env SSH_KEY_PASS',
        'certwright rotate --plan ha.yaml --resume --json',
      ],
      [0, 1, 2, 3, 4, 5, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run('rotate', toRotateOptions(raw), async () => (await import('../actions/rotate.js')).rotatePair),
  );
}

export function toRotateOptions(raw: Record<string, unknown>): RotateOptions {
  return {
    plan: raw.plan as string,
    journal: raw.journal as string | undefined,
    dryRun: raw.dryRun === true,
    resume: raw.resume === true,
    insecureSkipHostKeyCheck: raw.insecureSkipHostKeyCheck === true,
    passphrase: secretSource(raw, 'passphrase'),
    sshPassphrase: secretSource(raw, 'sshPassphrase'),
    json: raw.json === true,
  };
}
