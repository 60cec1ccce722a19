// `device files --fetch-default HOST`: OVOC keeps its default device files in /home/acems/boardCertFiles
// (OVOC security guidelines). They are read over SFTP, with the host key checked against known_hosts:
// nothing is read from a server that cannot prove it is the OVOC host asked for.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseKnownHosts, readSshIdentity, SshSession } from '@certwright/deploy';
import { DeviceError } from '@certwright/device-push';
import { readUserFile } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { readSecret, type SecretSource } from '../../io/secrets.js';

export const DEFAULT_FILE_NAMES = ['board_cert.pem', 'board_pkey.pem', 'root.pem'] as const;

export interface FetchDefaultOptions {
  host: string;
  port: number;
  user: string;
  remoteDir: string;
  identity: string;
  sshPassphrase: SecretSource;
  /** Default: ~/.ssh/known_hosts. */
  knownHosts: string | undefined;
}

/** The three files' bytes, by name. Throws ERR_SSH_* (connect, host key) or ERR_DEVICE_FILES_FETCH. */
export async function fetchDefaultFiles(options: FetchDefaultOptions, io: Io): Promise<Record<string, Buffer>> {
  const knownHostsPath = options.knownHosts ?? join(io.env.HOME ?? homedir(), '.ssh', 'known_hosts');
  const knownHosts = parseKnownHosts(Buffer.from(await readUserFile(io.cwd, knownHostsPath)).toString('utf8'));
  const identity = await readSshIdentity(options.identity, {
    cwd: io.cwd,
    passphrase: (path) =>
      readSecret(
        options.sshPassphrase,
        { flag: 'ssh-passphrase', purpose: `passphrase for SSH key ${path}`, confirm: false },
        io,
      ),
  });
  const session = await SshSession.connect({
    name: options.host,
    host: options.host,
    port: options.port,
    user: options.user,
    identity,
    knownHosts,
    knownHostsFile: knownHostsPath,
  });
  try {
    const sftp = await session.sftp();
    const files: Record<string, Buffer> = {};
    for (const name of DEFAULT_FILE_NAMES) {
      const path = `${options.remoteDir.replace(/\/+$/, '')}/${name}`;
      files[name] = await new Promise<Buffer>((resolve, reject) =>
        sftp.readFile(path, (error, data) =>
          error
            ? reject(
                new DeviceError('ERR_DEVICE_FILES_FETCH', `cannot read ${path} over SFTP (${error.message})`, {
                  device: options.host,
                }),
              )
            : resolve(data),
        ),
      );
    }
    return files;
  } finally {
    session.close();
  }
}
