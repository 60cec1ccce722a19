import { commandSpec, flag, integer, type OptionsOf, secret, text } from '../../spec/index.js';
import { forceOption, jsonOption } from '../shared-options.js';

/** `certwright device files`: the three device files from a server set, or OVOC's defaults over SFTP. */
export const deviceFilesSpec = commandSpec({
  path: ['device', 'files'],
  description:
    'Write board_cert.pem (certificate and intermediates), board_pkey.pem (encrypted, 0600) and root.pem for the devices (step 8), from a server set or copied from OVOC',
  options: {
    outDir: text('--out-dir <dir>', 'where the three files go').required(),
    from: text('--from <dir>', 'the server set: root.crt, ca1.crt, ca2.crt, server.crt (as import writes them)'),
    key: text('--key <file>', 'the private key of server.crt (with --from)'),
    fetchDefault: text('--fetch-default <host>', "copy OVOC's default device files from HOST over SFTP instead"),
    remoteDir: text('--remote-dir <dir>', 'with --fetch-default: where OVOC keeps them').default(
      '/home/acems/boardCertFiles',
    ),
    sshUser: text('--ssh-user <user>', 'with --fetch-default: the SSH user').default('root'),
    sshPort: integer('--ssh-port <port>', 'with --fetch-default: the SSH port', 1).default(22),
    identity: text('--identity <file>', 'with --fetch-default: the SSH private key'),
    knownHosts: text(
      '--known-hosts <file>',
      'with --fetch-default: known_hosts that must list HOST (default ~/.ssh/known_hosts)',
    ),
    unencryptedKey: flag(
      '--unencrypted-key',
      'write board_pkey.pem unencrypted, as PKCS#1 (RSA) or SEC1 (EC): the form OVOC and the device web pages use (dangerous)',
    ),
    inventory: text(
      '--inventory <file>',
      'the devices the files are for: a key a row cannot take (EC for an mp1xx row, RSA only) is refused',
    ),
    allowWeakBoardKey: flag(
      '--allow-weak-board-key',
      "accept RSA keys below 2048 bits and SHA-1 signatures (OVOC's default files are RSA-1024/SHA-1)",
    ),
    passphrase: secret('passphrase', 'passphrase of --key'),
    outPassphrase: secret('out-passphrase', 'passphrase that encrypts board_pkey.pem (default: the one of --key)'),
    sshPassphrase: secret('ssh-passphrase', 'passphrase of the SSH identity key'),
    force: forceOption('overwrite the files if they exist'),
    json: jsonOption,
  },
  examples: `
    certwright device files --from server_certs --key server.key --passphrase-file pass.txt --out-dir board
    certwright device files --from server_certs --key server.key --passphrase-file pass.txt --out-passphrase-env BOARD_PASS --out-dir board
    certwright device files --from server_certs --key server.key --passphrase-file pass.txt --unencrypted-key --inventory gateways.csv --out-dir board
    certwright device files --fetch-default ovoc.example.com --identity ~/.ssh/id_ed25519 --out-dir ovoc-default --allow-weak-board-key --out-passphrase-file board-pass.txt
  `,
  exitCodes: [0, 1, 2, 3, 4, 70],
});

export type DeviceFilesOptions = OptionsOf<typeof deviceFilesSpec>;
