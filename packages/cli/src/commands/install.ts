import { Command, Option } from 'commander';
import type { InstallOptions } from '../actions/install.js';
import type { Runner } from '../runner.js';
import { addSecretOptions, helpFooter, parsePositiveInteger, secretSource } from './options.js';

/** `certwright install`: workflow step 5. */
export function installCommand(runner: Runner): Command {
  const command = new Command('install')
    .description(
      'Install a checked server set into the server certificate directory (step 5): journaled swap, timestamped backup, reload, rollback if the reload fails',
    )
    .requiredOption(
      '--target <dir>',
      "the server's certificate directory to replace the set in (e.g. OVOC's server_certs)",
    )
    .addOption(
      new Option(
        '--dir <dir>',
        'the set to install: root.crt, ca1.crt, ca2.crt, server.crt as `import` wrote them',
      ).conflicts('resume'),
    )
    .addOption(
      new Option('--key <file>', "the server's private key; installed unchanged as server.key (0600)").conflicts(
        'resume',
      ),
    )
    .option('--backup-dir <dir>', 'where the timestamped backups of the previous set go (default <target>.backups)')
    .option('--reload-cmd <command>', 'a shell command that makes the server load the new files')
    .option('--reload-timeout <seconds>', 'how long the reload command may run', parsePositiveInteger, 120)
    .option('--resume', 'only finish an interrupted install in --target (and reload when --reload-cmd is given)')
    .option('--at <time>', 'check the set at this ISO-8601 time instead of now')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'passphrase', 'passphrase of the private key');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright install --dir server_certs --key server.key --passphrase-file pass.txt --target /home/acems/server_certs --reload-cmd "systemctl restart tomcat"',
        'certwright install --dir new_set --key server.key --target /srv/certs --backup-dir /var/backups/certs --json',
        'certwright install --target /home/acems/server_certs --resume',
      ],
      [0, 1, 2, 3, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run('install', toInstallOptions(raw), async () => (await import('../actions/install.js')).install),
  );
}

export function toInstallOptions(raw: Record<string, unknown>): InstallOptions {
  return {
    target: raw.target as string,
    dir: raw.dir as string | undefined,
    key: raw.key as string | undefined,
    backupDir: raw.backupDir as string | undefined,
    reloadCmd: raw.reloadCmd as string | undefined,
    reloadTimeout: raw.reloadTimeout as number,
    resume: raw.resume === true,
    at: raw.at as string | undefined,
    passphrase: secretSource(raw, 'passphrase'),
    json: raw.json === true,
  };
}
