import { choice, flag, mapped } from '../spec/option-spec.js';

/** --type, --bits and --curve, shared by every command that generates a key. */
export function keyTypeOptions(what: string) {
  return {
    type: choice('--type <type>', `${what} type`, ['rsa', 'ec', 'ed25519']).default('rsa'),
    bits: mapped('--bits <n>', 'RSA modulus size (default 3072)', { 2048: 2048, 3072: 3072, 4096: 4096 }),
    curve: choice('--curve <name>', 'EC curve (default P-256)', ['P-256', 'P-384', 'P-521']),
  };
}

/** --json, the same on every command that reports. */
export const jsonOption = flag('--json', 'print the result as JSON on stdout');

/** --force, with what it lets the command replace. */
export function forceOption(help = 'overwrite the output file if it exists') {
  return flag('--force', help);
}

/** --preset of every command that writes PKCS#12. */
export const presetOption = choice(
  '--preset <preset>',
  'PKCS#12 protection: modern (AES-256, default) or compat (3DES, SHA-1)',
  ['modern', 'compat'],
);
