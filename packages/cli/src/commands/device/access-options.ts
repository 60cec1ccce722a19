import type { Command } from 'commander';
import type { SecretSource } from '../../io/secrets.js';
import { addSecretOptions, parsePositiveInteger, secretSource } from '../options.js';

/** How every device command reaches the devices: TLS trust, transport, passwords, timeouts. */
export interface DeviceAccessValues {
  caFile: string | undefined;
  insecureSkipTlsVerify: boolean;
  allowHttp: boolean;
  allowPlaintextPasswords: boolean;
  timeoutSeconds: number;
  password: SecretSource;
}

/** The options of DeviceAccessValues, declared once for push, status and enroll. */
export function addDeviceAccessOptions(command: Command): Command {
  command
    .option('--ca-file <file>', "CA bundle that verifies the devices' current TLS certificates")
    .option('--insecure-skip-tls-verify', 'do not verify device TLS certificates (dangerous)')
    .option('--allow-http', 'allow inventory rows with protocol http (credentials in clear)')
    .option('--allow-plaintext-passwords', 'accept a password column in the inventory')
    .option('--timeout <seconds>', 'per-request timeout', parsePositiveInteger, 15);
  return addSecretOptions(command, 'password', 'device password for rows without password_env/password_file');
}

/** commander's values of those options. */
export function deviceAccessValues(raw: Record<string, unknown>): DeviceAccessValues {
  return {
    caFile: raw.caFile as string | undefined,
    insecureSkipTlsVerify: raw.insecureSkipTlsVerify === true,
    allowHttp: raw.allowHttp === true,
    allowPlaintextPasswords: raw.allowPlaintextPasswords === true,
    timeoutSeconds: raw.timeout as number,
    password: secretSource(raw, 'password'),
  };
}
