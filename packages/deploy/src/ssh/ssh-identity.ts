import { RotateError } from '../errors.js';
import { readUserFile } from '../files/read.js';
import { loadSsh2 } from './load-ssh2.js';

/** A private key for SSH client authentication, ready for ssh2 (decrypted in memory only). */
export interface SshIdentity {
  path: string;
  privateKey: Buffer;
  passphrase: string | undefined;
}

/**
 * Reads an SSH identity file (OpenSSH, PEM or PPK format) and checks it can be used. An encrypted
 * key's passphrase is asked of `passphrase` only then — before any node is touched, so no prompt
 * interrupts a rotation half-way.
 *
 * @throws RotateError ERR_SSH_IDENTITY: not a usable key, or the passphrase does not decrypt it
 */
export async function readSshIdentity(
  path: string,
  options: { cwd: string; passphrase: (path: string) => Promise<string> },
): Promise<SshIdentity> {
  const ssh2 = await loadSsh2();
  const privateKey = Buffer.from(await readUserFile(options.cwd, path));
  const plain = ssh2.utils.parseKey(privateKey);
  if (!(plain instanceof Error)) return { path, privateKey, passphrase: undefined };
  if (!/encrypted/i.test(plain.message)) {
    throw new RotateError('ERR_SSH_IDENTITY', `${path}: not a usable SSH private key (${plain.message})`, {
      source: path,
    });
  }
  const passphrase = await options.passphrase(path);
  const decrypted = ssh2.utils.parseKey(privateKey, passphrase);
  if (decrypted instanceof Error) {
    throw new RotateError('ERR_SSH_IDENTITY', `${path}: cannot decrypt the SSH key (wrong passphrase?)`, {
      source: path,
    });
  }
  return { path, privateKey, passphrase };
}
