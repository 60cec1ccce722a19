import { InvalidArgumentError } from '@certwright/core';

/** Where an MP-1xx's Automatic Update downloads its TLS files from. */
export interface Mp1xxFileUrls {
  certificate: string;
  privateKey: string;
  root: string;
}

/** What the incremental ini for an MP-1xx carries. */
export interface Mp1xxIniOptions {
  /** Passphrase of the encrypted board_pkey.pem (TLSPkeyPassphrase). */
  keyPassphrase: string;
  /** The TLS*FileUrl parameters; left out for a bundle uploaded by hand. */
  urls?: Mp1xxFileUrls;
  /** QOEEnableTLS = 1: quality-of-experience reports to OVOC over TLS (default true). */
  qoeTls?: boolean;
  /** Shown in the header comment. */
  generatedAt?: Date;
}

/** The ini parameter names as DEVICE-API.md spells them. */
export const MP1XX_PARAMETERS = {
  setDefaultOnIni: 'SetDefaultOnINIFileProcess',
  checkIfIniChanged: 'AUPDCheckIfIniChanged',
  verifyCertificates: 'AUPDVerifyCertificates',
  serverRespondTimeout: 'ServerRespondTimeout',
  qoeTls: 'QOEEnableTLS',
  certificateUrl: 'TLSCertFileUrl',
  privateKeyUrl: 'TLSPkeyFileUrl',
  rootUrl: 'TLSRootFileUrl',
  keyPassphrase: 'TLSPkeyPassphrase',
} as const;

/** The value the OVOC security guidelines give for mutual authentication, in milliseconds. */
export const MP1XX_SERVER_RESPOND_TIMEOUT = 10000;

/**
 * The incremental ini that turns on certificate verification on an MP-1xx and points its Automatic
 * Update at the TLS files. It holds the key's passphrase: treat it as a secret (0600, served only
 * behind authentication).
 */
export function mp1xxIni(options: Mp1xxIniOptions): string {
  const p = MP1XX_PARAMETERS;
  const lines = [
    `; Certwright MP-1xx provisioning${options.generatedAt ? `, ${options.generatedAt.toISOString()}` : ''}`,
    '; holds the private key passphrase: keep this file secret',
    // First: without it a device sets every parameter this short file does not list to its default
    // (Mediant 2600/3000 and MP-11x manuals), wiping the gateway's configuration.
    `${p.setDefaultOnIni} = 0`,
    // The device skips an ini identical to the last one it loaded, so a server that ignores
    // If-Modified-Since cannot make it reload (and reset) on every poll.
    `${p.checkIfIniChanged} = 1`,
    `${p.verifyCertificates} = 1`,
    `${p.serverRespondTimeout} = ${MP1XX_SERVER_RESPOND_TIMEOUT}`,
  ];
  if (options.qoeTls !== false) lines.push(`${p.qoeTls} = 1`);
  if (options.urls) {
    lines.push(
      `${p.certificateUrl} = ${quoted(options.urls.certificate, p.certificateUrl)}`,
      `${p.privateKeyUrl} = ${quoted(options.urls.privateKey, p.privateKeyUrl)}`,
      `${p.rootUrl} = ${quoted(options.urls.root, p.rootUrl)}`,
    );
  }
  lines.push(`${p.keyPassphrase} = ${quoted(options.keyPassphrase, p.keyPassphrase)}`);
  // ini files end with a newline (DEVICE-API.md).
  return `${lines.join('\n')}\n`;
}

// Values are single-quoted; the ini format has no escape for a quote, a line break or a comment mark inside one.
function quoted(value: string, field: string): string {
  if (value === '' || /['\r\n;]/.test(value)) {
    throw new InvalidArgumentError(`${field}: empty, or holds a quote, a semicolon or a line break`, { field });
  }
  return `'${value}'`;
}
