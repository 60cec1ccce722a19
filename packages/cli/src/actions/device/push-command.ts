import type { InventoryEntry } from '@certwright/device-push';
import type { SecretSource } from '../../io/secrets.js';
import type { DevicePushOptions } from './push-options.js';

/**
 * The command that completes an interrupted push on one device: the same files and flags, limited
 * to that device. Secrets appear only as their sources (file, variable); an fd cannot be reused, so
 * it becomes a placeholder file flag.
 */
export function completePushCommand(options: DevicePushOptions, entry: InventoryEntry): string {
  const words = ['certwright', 'device', 'push', '--inventory', options.inventory, '--device', entry.name];
  words.push('--cert', options.cert, '--key', options.key, '--root', options.root);
  words.push(...secretWords('passphrase', options.passphrase));
  if (options.tlsContext !== undefined) words.push('--tls-context', String(options.tlsContext));
  if (options.roots !== 'add') words.push('--roots', options.roots);
  if (options.mutual) {
    words.push('--mutual', '--client-cert', options.clientCert as string, '--client-key', options.clientKey as string);
    words.push(...secretWords('client-key-passphrase', options.clientKeyPassphrase));
  }
  if (options.allowReset) words.push('--allow-reset');
  if (options.allowHa) words.push('--allow-ha');
  if (options.leafOnly) words.push('--leaf-only');
  if (options.allowWeakBoardKey) words.push('--allow-weak-board-key');
  for (const file of options.ovocCert) words.push('--ovoc-cert', file);
  if (options.ovocUrl !== undefined) words.push('--ovoc-url', options.ovocUrl);
  if (options.cloudArchitecture) words.push('--cloud-architecture');
  // Only values that differ from the defaults (300 s each) are repeated.
  if (isSet(options.maxClockSkewSeconds, 300)) words.push('--max-clock-skew', String(options.maxClockSkewSeconds));
  if (isSet(options.busyWaitSeconds, 300)) words.push('--busy-wait', String(options.busyWaitSeconds));
  if (options.caFile !== undefined) words.push('--ca-file', options.caFile);
  if (options.insecureSkipTlsVerify) words.push('--insecure-skip-tls-verify');
  if (options.allowHttp) words.push('--allow-http');
  if (options.allowPlaintextPasswords) words.push('--allow-plaintext-passwords');
  words.push(...secretWords('password', options.password));
  return words.map(shellQuote).join(' ');
}

function isSet(value: number | undefined, byDefault: number): boolean {
  return typeof value === 'number' && value !== byDefault;
}

function secretWords(stem: string, source: SecretSource): string[] {
  if (source.file !== undefined) return [`--${stem}-file`, source.file];
  if (source.env !== undefined) return [`--${stem}-env`, source.env];
  if (source.fd !== undefined) return [`--${stem}-file`, '<file>'];
  return [];
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
