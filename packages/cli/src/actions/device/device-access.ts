import { type ClientIdentity, DeviceClient, type InventoryEntry, type TlsTrust } from '@certwright/device-push';
import { CliError, usageError } from '../../errors.js';
import { readUserFile } from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { hasSecretSource, readSecret, type SecretSource } from '../../io/secrets.js';
import type { Progress } from '../../render/outcome.js';
import { readInventoryFile } from './inventory-file.js';

/** How `device push` and `device status` reach devices. */
export interface DeviceReachOptions {
  inventory: string;
  /** Only these devices (inventory names); all when empty. */
  devices: string[];
  caFile?: string | undefined;
  insecureSkipTlsVerify: boolean;
  allowHttp: boolean;
  allowPlaintextPasswords: boolean;
  /** The one password for rows without password_env/password_file (asked once on a terminal). */
  password: SecretSource;
  timeoutSeconds: number;
}

/** The selected inventory rows; a plaintext password column warns. */
export async function readInventory(
  options: DeviceReachOptions,
  io: Io,
  output: Progress,
  tlsContext?: number,
): Promise<InventoryEntry[]> {
  const all = await readInventoryFile(options.inventory, io, {
    allowPlaintextPasswords: options.allowPlaintextPasswords,
    ...(tlsContext === undefined ? {} : { defaultTlsContext: tlsContext }),
  });
  const unknown = options.devices.filter((name) => !all.some((entry) => entry.name === name));
  if (unknown.length > 0) throw usageError(`--device: not in ${options.inventory}: ${unknown.join(', ')}`, 'device');
  const entries = options.devices.length === 0 ? all : all.filter((entry) => options.devices.includes(entry.name));
  if (entries.length === 0) throw usageError(`${options.inventory}: no devices`, 'inventory');
  if (options.allowPlaintextPasswords) {
    const clear = entries.some((entry) => entry.password !== undefined);
    output.warn(
      'WARN_PLAINTEXT_PASSWORDS',
      clear
        ? `${options.inventory} holds device passwords in clear (--allow-plaintext-passwords)`
        : '--allow-plaintext-passwords: a password column would be accepted (this inventory has none)',
    );
  }

  const http = entries.find((entry) => entry.protocol === 'http');
  if (http !== undefined && !options.allowHttp) {
    throw new CliError(
      'ERR_USAGE',
      `${http.name}: protocol http needs --allow-http (credentials would travel in clear)`,
      {
        field: 'allow-http',
      },
    );
  }
  return entries;
}

/**
 * A DeviceClient factory. Everything that can be wrong without a device — trust settings, the CA file,
 * password sources — fails here, before any device is contacted. `extraPins` are also trusted
 * (e.g. the certificate being pushed, which need not name each device). A `clientIdentity` is offered
 * to devices that ask for one (a device that already demands client certificates) and ignored by others.
 */
export async function deviceClients(
  options: DeviceReachOptions,
  entries: readonly InventoryEntry[],
  io: Io,
  output: Progress,
  extraPins: readonly string[] = [],
  clientIdentity?: ClientIdentity,
  tuning: { busyBudgetMs?: number; keyGenerationTimeoutMs?: number } = {},
): Promise<(entry: InventoryEntry, onRetry?: () => void) => Promise<DeviceClient>> {
  const caPem =
    options.caFile === undefined ? undefined : Buffer.from(await readUserFile(io.cwd, options.caFile)).toString('utf8');
  if (options.insecureSkipTlsVerify) {
    output.warn('WARN_TLS_VERIFY_SKIPPED', 'device certificates are not verified (--insecure-skip-tls-verify)');
  }
  if (options.allowHttp)
    output.warn('WARN_PLAIN_HTTP', 'device credentials may cross the network in clear (--allow-http)');
  const untrusted = entries.find(
    (entry) =>
      entry.protocol === 'https' &&
      caPem === undefined &&
      entry.pinSha256 === undefined &&
      !options.insecureSkipTlsVerify,
  );
  if (untrusted !== undefined && extraPins.length === 0) {
    throw usageError(
      `${untrusted.name}: no way to verify its TLS certificate: give --ca-file, a pin_sha256 in the inventory, or --insecure-skip-tls-verify`,
      'ca-file',
    );
  }
  const passwords = await passwordResolver(options, entries, io);
  return async (entry, onRetry) => {
    const trust: TlsTrust = {
      caPem,
      pinsSha256: [...extraPins, ...(entry.pinSha256 === undefined ? [] : [entry.pinSha256])],
      insecureSkipVerify: options.insecureSkipTlsVerify,
    };
    return new DeviceClient({
      name: entry.name,
      host: entry.host,
      port: entry.port,
      protocol: entry.protocol,
      allowHttp: options.allowHttp,
      username: entry.username,
      password: await passwords(entry),
      trust,
      timeoutMs: options.timeoutSeconds * 1000,
      busyBudgetMs: tuning.busyBudgetMs,
      keyGenerationTimeoutMs: tuning.keyGenerationTimeoutMs,
      clientIdentity,
      onRetry: onRetry === undefined ? undefined : () => onRetry(),
    });
  };
}

/** Checks every row's password source now; the shared password is read (or asked) once, now, if any row needs it. */
async function passwordResolver(
  options: DeviceReachOptions,
  entries: readonly InventoryEntry[],
  io: Io,
): Promise<(entry: InventoryEntry) => Promise<string>> {
  for (const entry of entries) {
    if (entry.passwordEnv !== undefined && (io.env[entry.passwordEnv] ?? '') === '') {
      throw new CliError(
        'ERR_SECRET_UNAVAILABLE',
        `${entry.name}: environment variable ${entry.passwordEnv} is not set`,
        {
          field: 'password_env',
        },
      );
    }
  }
  const needsShared = entries.some(
    (entry) => entry.password === undefined && entry.passwordEnv === undefined && entry.passwordFile === undefined,
  );
  const shared = needsShared
    ? await readSecret(options.password, { flag: 'password', purpose: 'device password', confirm: false }, io)
    : undefined;
  if (!needsShared && hasSecretSource(options.password)) {
    throw usageError('every inventory row names its own password source; drop --password-file/-env/-fd', 'password');
  }
  // Password files are read now, so a missing one stops the run before any device is contacted.
  const files = new Map<string, string>();
  for (const path of new Set(
    entries.flatMap((entry) => (entry.passwordFile === undefined ? [] : [entry.passwordFile])),
  )) {
    files.set(
      path,
      Buffer.from(await readUserFile(io.cwd, path))
        .toString('utf8')
        .split(/\r?\n/)[0] ?? '',
    );
  }
  return async (entry) => {
    if (entry.password !== undefined) return entry.password;
    if (entry.passwordEnv !== undefined) return io.env[entry.passwordEnv] as string;
    if (entry.passwordFile !== undefined) return files.get(entry.passwordFile) as string;
    return shared as string;
  };
}
