// The simulator's public contract: what tests, the benchmark, the demo and the device client may rely on.
// Each `open` item of ../../../docs/device-simulator.md (DEVICE-API.md's unconfirmed behaviour) is a switch here.

/** The device family a simulated device behaves as: Mediant (REST) or MP-1xx (Automatic Update). */
export type DeviceProfile = 'mediant' | 'mp1xx';
/** The firmware bundles of firmware.ts. */
export type FirmwareName = 'mediant-7.4' | 'mediant-7.4-other' | 'mediant-7.4-reset' | 'mp11x-6.6';
/** A TLS protocol version a device's listener may accept. */
export type TlsVersion = '1.0' | '1.1' | '1.2' | '1.3';
/** A device user's access level, lowest first. */
export type UserLevel = 'monitor' | 'admin' | 'security-admin';

/** A user every simulated device accepts. */
export interface SimulatorUser {
  name: string;
  password: string;
  level: UserLevel;
}

/**
 * One answer per behaviour DEVICE-API.md marks open (or documents for some firmware only); the client
 * must be right under every combination. `--firmware` bundles them (firmware.ts); the defaults are the
 * `mediant-7.4` firmware's.
 */
export interface OpenItemSettings {
  /** TLS context files uploaded over REST: lost on a reset without save, or written to flash at once. */
  tlsFilesOnReset: 'revert-unless-saved' | 'persist-at-once';
  /** A certificate that does not match the context's current private key: refused with 400, or accepted. */
  certificateKeyMismatch: 'refuse' | 'accept';
  /** Where the device takes the password of an encrypted private key upload. */
  privateKeyPassword: 'query' | 'form-field';
  /** `GET /api/v1/files/tls` listing the contexts, or 404 (the ini's `[ TLSContexts ]` table always works). */
  tlsContextList: 'supported' | 'not-found';
  /** The status a user below the required level gets. */
  forbiddenStatus: 403 | 405;
  /** How `GET /files/ini` writes the `[ TLSContexts ]` FORMAT line: 7.4 firmware (`FORMAT Index = Name, …`, the
   * default) or older firmware (`FORMAT TLSContexts_Index = TLSContexts_Name, …`). Both occur on real devices. */
  iniTableFormat?: 'index' | 'prefixed';
  /** When a new context-0 pair is served: at once, after `saveConfiguration`, or only after a reset (MP-11x 6.6). */
  certificateEffective?: 'immediately' | 'after-save' | 'after-reset';
  /** An ini file the device downloads (Automatic Update): parameters it does not list are kept, or set to their
   * defaults unless it says `SetDefaultOnINIFileProcess = 0` (Mediant 2600/3000, MP-11x manuals). */
  iniUnlisted?: 'keep' | 'reset';
  /** `saveNeeded` / `resetNeeded` in `GET status`: `"true"`/`"false"` strings (the 7.4 Status page) or JSON booleans. */
  statusValues?: 'strings' | 'booleans';
  /** A resource with no content (an empty trusted root store, no certificate): 400 (privilege-levels page) or 200 empty. */
  emptyResource?: 400 | 200;
  /** Private key uploads: any PEM form, or only the traditional ones (RSA PKCS#1, EC SEC1) the Private Key page shows. */
  privateKeyFormat?: 'any' | 'pkcs1-only';
  /** A certificate upload with intermediates after the leaf: stored and served as a chain, or refused with 400. */
  chainUpload?: 'accept' | 'refuse';
  /** `privateKey/generate`: answers at once, or after a delay growing with the size (scaled down: 500 ms per 1024 bits). */
  keyGeneration?: 'fast' | 'slow';
  /** After `lockoutAfter` failed logins: that user is locked, or the requesting IP address for every user
   * (`DenyAccessOnFailCount`, "Web Parameters"). */
  lockout?: 'user' | 'ip';
  /** Which TLS context the QoE link to OVOC uses: context 0, or its own context 1 named `QoE` (`QoETLSContextName`). */
  qoeTlsContext?: 'default' | 'own';
  /** MP-1xx Automatic Update after applying a downloaded ini: save, or save and reset (MediaPack manuals). */
  autoUpdateApply?: 'save' | 'save-and-reset';
  /** The private key types the device loads (Automatic Update and REST uploads): RSA and EC, or RSA only. No
   * document says whether MP-1xx 6.x firmware loads an EC key; the client assumes it does not (docs/devices.md). */
  privateKeyTypes?: 'rsa-and-ec' | 'rsa-only';
}

/** The answers the simulator gives to the open items unless told otherwise. */
export const DEFAULT_OPEN_ITEMS: Required<OpenItemSettings> = {
  tlsFilesOnReset: 'revert-unless-saved',
  certificateKeyMismatch: 'refuse',
  privateKeyPassword: 'query',
  tlsContextList: 'supported',
  forbiddenStatus: 403,
  iniTableFormat: 'index',
  certificateEffective: 'immediately',
  iniUnlisted: 'keep',
  statusValues: 'strings',
  emptyResource: 400,
  privateKeyFormat: 'any',
  chainUpload: 'accept',
  keyGeneration: 'fast',
  lockout: 'ip',
  qoeTlsContext: 'default',
  autoUpdateApply: 'save',
  privateKeyTypes: 'rsa-and-ec',
};

/** Fault injection. Rates are probabilities per request, drawn from a seeded generator. */
export interface FaultSettings {
  /** Added before every answer. */
  latencyMs?: number;
  /** Close the connection without answering. */
  dropRate?: number;
  /** Answer 500. */
  serverErrorRate?: number;
  /** Answer 409 "Device is currently performing HA synchronization". */
  conflictRate?: number;
  /** Reset (without save) right after answering the request with this 1-based number (counted per device, /api/v1 only). */
  resetAfterRequest?: number;
  /** Power loss right after applying, and before answering, the request with this 1-based number. */
  powerLossAfterRequest?: number;
  /** How long a reset or power loss keeps the device unreachable. */
  resetDowntimeMs?: number;
}

/** How many devices to start and how they behave: profile, users, faults, open items, TLS versions, state directory. */
export interface SimulatorOptions {
  /** How many devices (default 1); device i listens on `port + i` (port 0: each picks a free port). */
  devices?: number;
  port?: number;
  host?: '127.0.0.1' | '::1';
  /** The device family (default: the firmware's, else `mediant`). */
  profile?: DeviceProfile;
  /** A bundle of open-item answers that models one firmware (firmware.ts); `openItems` overrides single items. */
  firmware?: FirmwareName;
  /** Default: one security-admin `Admin` / `Admin`, as devices ship. */
  users?: SimulatorUser[];
  openItems?: Partial<OpenItemSettings>;
  faults?: FaultSettings;
  /** Seed for every random draw (faults), so a failing run can be replayed. */
  seed?: number;
  /** Keeps saved configuration across restarts and writes each device's real state there for tests. */
  stateDir?: string;
  /** Devices in an HA synchronisation window answer 409 to every /api/v1 request but `GET status`. */
  haSynchronizing?: boolean;
  /**
   * Each device is an HA pair: two units behind one address. The active unit answers; a save is copied to
   * the redundant unit after a synchronisation window (`haSyncMs`, 409 meanwhile); a reset switches over
   * to the redundant unit, which comes up on its saved configuration and synchronises again.
   */
  haPair?: boolean;
  /** Length of an HA synchronisation window (default 1000 ms). */
  haSyncMs?: number;
  /** The device's clock runs this far ahead of the host's (negative: behind); seen in `localTimeStamp` and `Date`. */
  clockOffsetMs?: number;
  /** NTPServerIP the devices start with (default `192.0.2.123`, a documentation address; '' for none configured). */
  ntpServer?: string;
  /** Failed logins before a user is locked out (default 3). */
  lockoutAfter?: number;
  /** TLS contexts each device has at the factory, ids 0 … n-1 (default 2); each starts with the factory pair. */
  tlsContexts?: number;
  /** Device names are `${namePrefix}${i}` (default `device-`). */
  namePrefix?: string;
  /**
   * The TLS versions each device's listener accepts (default: Node's, 1.2 and 1.3). 1.0 and 1.1 lower
   * OpenSSL's security level to 0 on that listener only, as old firmware needs.
   */
  tlsVersions?: TlsVersion[];
  /**
   * Each device leaves the factory with a self-signed RSA-1024 / SHA-1 certificate for `ACL_<serial>`, as
   * AudioCodes devices do, instead of one issued by the simulator's factory CA (clients then need a pin).
   */
  factoryCertificate?: boolean;
}

/** One TLS context as the device holds it. The private key is here for tests only; the REST API never returns it. */
export interface TlsContextState {
  /** The context's name, as in the ini's `[ TLSContexts ]` table (`default` for context 0). */
  name?: string;
  certificatePem: string;
  privateKeyPem: string;
  trustedRootsPem: string[];
}

/** A device's configuration (running or saved): its TLS contexts and ini parameters. */
export interface DeviceConfiguration {
  tlsContexts: Record<number, TlsContextState>;
  /** ini parameters by their canonical name (as DEVICE-API.md spells it), values as strings. */
  parameters: Record<string, string>;
}

/** Everything a test may check about a device at one moment: running and saved configuration, save pending, reachability, resets, locked users. */
export interface DeviceStateSnapshot {
  name: string;
  profile: DeviceProfile;
  firmware: FirmwareName;
  /** The active unit's configuration (the only unit unless `haPair`). */
  running: DeviceConfiguration;
  saved: DeviceConfiguration;
  saveNeeded: boolean;
  reachable: boolean;
  resets: number;
  /** Locked users; with `lockout: 'ip'`, locked addresses as `ip:<address>`. */
  lockedUsers: string[];
  /** HA pairs: which unit is active (0 or 1), and the redundant unit's configuration. */
  ha?: { activeUnit: number; standby: { running: DeviceConfiguration; saved: DeviceConfiguration } };
}

/** MP-1xx Automatic Update: where the device polls and the credentials it presents (Basic or Digest). */
export interface AutoUpdateSettings {
  iniFileUrl: string;
  username?: string;
  password?: string;
  /** Poll on a timer as well as on `pollNow()` (default: only on `pollNow()`). */
  pollIntervalMs?: number;
}

/** What one Automatic Update poll did. */
export interface AutoUpdateResult {
  fetched: string[];
  applied: boolean;
  /** Nothing to load: the server answered 304 to If-Modified-Since, or (AUPDCheckIfIniChanged) the ini is the same. */
  unchanged?: boolean;
  /** Why nothing was applied: the server's certificate failed verification, 401, a file was not PEM, … */
  error?: string;
}

/** One simulated device: where it listens, its state, and the switches a test turns (faults, HA synchronisation, open items). */
export interface SimulatedDevice {
  name: string;
  host: string;
  port: number;
  /** `https://host:port` */
  url: string;
  profile: DeviceProfile;
  /** SHA-256 of the DER certificate a new TLS connection gets now, lower-case hex without colons. */
  servedFingerprint(): string;
  state(): DeviceStateSnapshot;
  setFaults(faults: FaultSettings): void;
  setHaSynchronizing(on: boolean): void;
  setOpenItems(items: Partial<OpenItemSettings>): void;
  /** MP-1xx only. */
  configureAutoUpdate(settings: AutoUpdateSettings): void;
  /** MP-1xx only: poll the Automatic Update URLs once now. */
  pollNow(): Promise<AutoUpdateResult>;
}

/** A running simulator: its devices, its factory CA, and close(). */
export interface SimulatorHandle {
  devices: SimulatedDevice[];
  /** The simulator's factory CA (PEM): it issued every device's factory certificate (SANs 127.0.0.1, ::1, localhost), so
   * a client can verify devices with `--ca-file` instead of skipping verification. Kept in `stateDir` across restarts. */
  factoryCaPem: string;
  close(): Promise<void>;
}
