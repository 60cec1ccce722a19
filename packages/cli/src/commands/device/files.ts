import { Command } from 'commander';
import type { DeviceFilesOptions } from '../../actions/device/files.js';
import type { Runner } from '../../runner.js';
import { addSecretOptions, helpFooter, parsePositiveInteger, secretSource } from '../options.js';

/** `certwright device files`: the three device files from a server set, or OVOC's defaults over SFTP. */
export function deviceFilesCommand(runner: Runner): Command {
  const command = new Command('files')
    .description(
      'Write board_cert.pem (certificate and intermediates), board_pkey.pem (encrypted, 0600) and root.pem for the devices (step 8), from a server set or copied from OVOC',
    )
    .requiredOption('--out-dir <dir>', 'where the three files go')
    .option('--from <dir>', 'the server set: root.crt, ca1.crt, ca2.crt, server.crt (as import writes them)')
    .option('--key <file>', 'the private key of server.crt (with --from)')
    .option('--fetch-default <host>', "copy OVOC's default device files from HOST over SFTP instead")
    .option('--remote-dir <dir>', 'with --fetch-default: where OVOC keeps them', '/home/acems/boardCertFiles')
    .option('--ssh-user <user>', 'with --fetch-default: the SSH user', 'root')
    .option('--ssh-port <port>', 'with --fetch-default: the SSH port', parsePositiveInteger, 22)
    .option('--identity <file>', 'with --fetch-default: the SSH private key')
    .option(
      '--known-hosts <file>',
      'with --fetch-default: known_hosts that must list HOST (default ~/.ssh/known_hosts)',
    )
    .option(
      '--unencrypted-key',
      'write board_pkey.pem unencrypted, as PKCS#1 (RSA) or SEC1 (EC): the form OVOC and the device web pages use (dangerous)',
    )
    .option(
      '--allow-weak-board-key',
      "accept RSA keys below 2048 bits and SHA-1 signatures (OVOC's default files are RSA-1024/SHA-1)",
    )
    .option('--force', 'overwrite the files if they exist')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'passphrase', 'passphrase of --key');
  addSecretOptions(command, 'out-passphrase', 'passphrase that encrypts board_pkey.pem (default: the one of --key)');
  addSecretOptions(command, 'ssh-passphrase', 'passphrase of the SSH identity key');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright device files --from server_certs --key server.key --passphrase-file pass.txt --out-dir board',
        'certwright device files --from server_certs --key server.key --passphrase-file pass.txt --out-passphrase-env BOARD_PASS --out-dir board',
        'certwright device files --fetch-default ovoc.example.com --identity ~/.ssh/id_ed25519 --out-dir ovoc-default --allow-weak-board-key --out-passphrase-file board-pass.txt',
      ],
      [0, 1, 2, 3, 4, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run(
      'device files',
      toDeviceFilesOptions(raw),
      async () => (await import('../../actions/device/files.js')).deviceFiles,
    ),
  );
}

/** commander's values → the handler's typed options. */
export function toDeviceFilesOptions(raw: Record<string, unknown>): DeviceFilesOptions {
  return {
    outDir: raw.outDir as string,
    from: raw.from as string | undefined,
    key: raw.key as string | undefined,
    fetchDefault: raw.fetchDefault as string | undefined,
    remoteDir: raw.remoteDir as string,
    sshUser: raw.sshUser as string,
    sshPort: raw.sshPort as number,
    identity: raw.identity as string | undefined,
    knownHosts: raw.knownHosts as string | undefined,
    unencryptedKey: raw.unencryptedKey === true,
    allowWeakBoardKey: raw.allowWeakBoardKey === true,
    passphrase: secretSource(raw, 'passphrase'),
    outPassphrase: secretSource(raw, 'outPassphrase'),
    sshPassphrase: secretSource(raw, 'sshPassphrase'),
    force: raw.force === true,
    json: raw.json === true,
  };
}
