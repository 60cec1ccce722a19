import { commandSpec, flag, integer, negated, type OptionsOf, secret, text } from '../spec/index.js';
import { jsonOption } from './shared-options.js';

/** `certwright install`: workflow step 5. */
export const installSpec = commandSpec({
  path: ['install'],
  description:
    'Install a checked server set into the server certificate directory (step 5): journaled swap, timestamped backup, reload, rollback if the reload fails',
  options: {
    target: text(
      '--target <dir>',
      "the server's certificate directory to replace the set in (e.g. OVOC's server_certs)",
    ).required(),
    dir: text(
      '--dir <dir>',
      'the set to install: root.crt, ca1.crt, ca2.crt, server.crt as `import` wrote them',
    ).conflicts('resume'),
    key: text(
      '--key <file>',
      "the server's private key, installed unchanged as server.key (0600); or a .pfx/.p12 holding it, whose key is installed encrypted with --passphrase",
    ).conflicts('resume'),
    backupDir: text(
      '--backup-dir <dir>',
      'where the timestamped backups of the previous set go (default <target>.backups)',
    ),
    reloadCmd: text('--reload-cmd <command>', 'a shell command that makes the server load the new files'),
    reloadTimeout: integer('--reload-timeout <seconds>', 'how long the reload command may run', 1).default(120),
    resume: flag('--resume', 'only finish an interrupted install in --target (and reload when --reload-cmd is given)'),
    at: text('--at <time>', 'check the set at this ISO-8601 time instead of now'),
    passphrase: secret(
      'passphrase',
      'passphrase of the private key; for a .pfx --key, the new passphrase of the server.key written (asked twice on a terminal)',
    ),
    storepass: secret('storepass', 'password of a .pfx/.p12 --key (asked for only then)'),
    encrypt: negated(
      '--no-encrypt',
      'a .pfx --key: install its key unencrypted (dangerous: anyone who can read server.key has the key)',
    ),
    json: jsonOption,
  },
  examples: `
    certwright install --dir server_certs --key server.key --passphrase-file pass.txt --target /home/acems/server_certs --reload-cmd "systemctl restart tomcat"
    certwright install --dir new_set --key server.key --target /srv/certs --backup-dir /var/backups/certs --json
    certwright install --dir server_certs --key reply.pfx --storepass-file pfx-pass.txt --passphrase-file pass.txt --target /home/acems/server_certs
    certwright install --target /home/acems/server_certs --resume
  `,
  exitCodes: [0, 1, 2, 3, 70],
});

export type InstallOptions = OptionsOf<typeof installSpec>;
