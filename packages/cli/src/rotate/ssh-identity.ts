import ssh2 from 'ssh2';
import { readUserFile } from '../io/files.js';
import type { Io } from '../io/io.js';
import { readSecret, type SecretSource } from '../io/secrets.js';
import { RotateError } from './errors.js';

/** A private key for SSH client authentication, ready for ssh2 (decrypted in memory only). */
export interface SshIdentity {
  path: string;
  privateKey: Buffer;
  passphrase: string | undefined;
}

/**
 * Reads an SSH identity file (OpenSSH, PEM or PPK format) and checks it can be used. An encrypted key's
 * passphrase comes from --ssh-passphrase-file/-env/-fd or a prompt — read here, before any node is
 * touched, so no prompt interrupts the rotation half-way.
 */
export async function readSshIdentity(path: string, source: SecretSource, io: Io): Promise<SshIdentity> {
  const privateKey = Buffer.from(await readUserFile(io.cwd, path));
  const plain = ssh2.utils.parseKey(privateKey);
  if (!(plain instanceof Error)) return { path, privateKey, passphrase: undefined };
  if (!/encrypted/i.test(plain.message)) {
    throw new RotateError('ERR_SSH_IDENTITY', `${path}: not a usable SSH private key (${plain.message})`, {
      source: path,
    });
  }
  const passphrase = await readSecret(
    source,
    { flag: 'ssh-passphrase', purpose: `passphrase for SSH key ${path}`, confirm: false },
    io,
  );
  const decrypted = ssh2.utils.parseKey(privateKey, passphrase);
  if (decrypted instanceof Error) {
    throw new RotateError('ERR_SSH_IDENTITY', `${path}: cannot decrypt the SSH key (wrong passphrase?)`, {
      source: path,
    });
  }
  return { path, privateKey, passphrase };
}
