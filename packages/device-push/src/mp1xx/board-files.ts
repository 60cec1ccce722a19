import { randomBytes } from 'node:crypto';
import { exportPrivateKeyPem, type PrivateKey } from '@certwright/core';
import { type Mp1xxFileUrls, mp1xxIni } from './ini.js';

/** The file names the OVOC guidelines use for device files, plus the ini. */
export const MP1XX_FILE_NAMES = {
  ini: 'certwright.ini',
  certificate: 'board_cert.pem',
  privateKey: 'board_pkey.pem',
  root: 'root.pem',
} as const;

/** Which of the MP-1xx files a file is: the certificate, the private key or the trusted root. */
export type Mp1xxFileRole = keyof typeof MP1XX_FILE_NAMES;

/** One file for an MP-1xx; `secret` files are written 0600 and served only behind authentication. */
export interface Mp1xxFile {
  role: Mp1xxFileRole;
  name: string;
  data: string;
  secret: boolean;
}

/** What the device gets: the shared board files. */
export interface Mp1xxBoardInput {
  certificatePem: string;
  key: PrivateKey;
  rootPem: string;
  /** QOEEnableTLS = 1 (default true). */
  qoeTls?: boolean;
  at?: Date;
}

/** The board files as sent: the private key encrypted with a fresh passphrase that only the ini carries. */
export interface Mp1xxBoardFiles {
  files: Mp1xxFile[];
  /** Builds the ini again with the download URLs of one device (the passphrase stays the same). */
  iniWithUrls(urls: Mp1xxFileUrls): string;
}

/**
 * Encrypts the board key with a random passphrase (PBES2, AES-256-CBC) and builds the ini that carries
 * it: the key never travels or rests in the clear, and no person has to pick or see the passphrase.
 */
export async function mp1xxBoardFiles(input: Mp1xxBoardInput): Promise<Mp1xxBoardFiles> {
  // 24 random bytes, base64url: plain ini-safe characters, 192 bits.
  const keyPassphrase = randomBytes(24).toString('base64url');
  const encryptedKey = await exportPrivateKeyPem(input.key, { passphrase: keyPassphrase });
  const iniOptions = { keyPassphrase, qoeTls: input.qoeTls !== false, generatedAt: input.at };
  const file = (role: Mp1xxFileRole, data: string, secret: boolean): Mp1xxFile => ({
    role,
    name: MP1XX_FILE_NAMES[role],
    data,
    secret,
  });
  return {
    files: [
      file('ini', mp1xxIni(iniOptions), true),
      file('certificate', withNewline(input.certificatePem), false),
      file('privateKey', encryptedKey, true),
      file('root', withNewline(input.rootPem), false),
    ],
    iniWithUrls: (urls) => mp1xxIni({ ...iniOptions, urls }),
  };
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
