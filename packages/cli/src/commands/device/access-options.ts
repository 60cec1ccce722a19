import { flag, integer, list, secret, text } from '../../spec/index.js';

/** Which devices a command works on: the inventory, and the names chosen from it. */
export function deviceSelection(device = list('--device <name>', 'only this device (repeatable)')) {
  return {
    inventory: text('--inventory <file>', 'devices (CSV, JSON or YAML)').required(),
    devices: device,
  };
}

/** How every device command reaches the devices: TLS trust, transport, passwords, timeouts. */
export function deviceReach() {
  return {
    caFile: text('--ca-file <file>', "CA bundle that verifies the devices' current TLS certificates"),
    insecureSkipTlsVerify: flag('--insecure-skip-tls-verify', 'do not verify device TLS certificates (dangerous)'),
    allowHttp: flag('--allow-http', 'allow inventory rows with protocol http (credentials in clear)'),
    allowPlaintextPasswords: flag('--allow-plaintext-passwords', 'accept a password column in the inventory'),
    timeoutSeconds: integer('--timeout <seconds>', 'per-request timeout', 1).default(15),
    password: secret('password', 'device password for rows without password_env/password_file'),
  };
}
