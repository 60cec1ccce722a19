import type { DeviceClient } from '../client/device-client.js';
import { DeviceError } from '../client/errors.js';
import { realSleep } from '../client/retry.js';
import { deviceClock, readFlag, readHaState } from '../client/status-values.js';
import type { DeviceFacts, DeviceOutcome, ReportedError, VerifiedCheck } from '../fleet/device-report.js';
import { reportedError } from '../fleet/device-report.js';
import { type IniDocument, incrementalIni, readIni, readIniParameters } from './ini-values.js';
import { type MediantPushOptions, mediantParameters } from './mediant-plan.js';
import { pemFingerprints } from './pem.js';
import type { PushMaterial } from './push-material.js';
import { contextsInUse } from './tls-contexts.js';

/** What a device held before the push: enough to decide "unchanged" and to restore. */
export interface MediantBackup {
  certificatePem: string;
  certificateFingerprint: string | undefined;
  keyValid: boolean;
  rootPems: string[];
  parameters: Record<string, string>;
  servedBefore: string;
  /** undefined: the device's answer was neither true nor false (treated as "has unsaved changes"). */
  saveNeeded: boolean | undefined;
  /** One address of an HA pair (or an answer that could not be read as standalone). */
  haPair: boolean;
  facts: DeviceFacts;
  warnings: ReportedError[];
}

/** The outcome of one device's push, before the fleet runner adds names and the fix command. */
export interface MediantResult {
  state: DeviceOutcome;
  changes: string[];
  verified: VerifiedCheck[];
  servedBefore?: string | undefined;
  servedAfter?: string | undefined;
  saveNeeded?: boolean | undefined;
  errors: ReportedError[];
  warnings: ReportedError[];
}

/** Errors a second upload attempt cannot cure. */
const FINAL_CODES = new Set([
  'ERR_DEVICE_UNAUTHORIZED',
  'ERR_DEVICE_FORBIDDEN',
  'ERR_DEVICE_NOT_FOUND',
  'ERR_DEVICE_TLS_UNTRUSTED',
  'ERR_DEVICE_INSECURE_TRANSPORT',
]);

/** How often the upload-and-verify sequence runs before giving up (a reset mid-push reverts part of it). */
const UPLOAD_ATTEMPTS = 2;
const DEFAULT_MAX_CLOCK_SKEW_MS = 300_000;
/** Parameters pre-flight reads besides the ones a push sets. */
const NTP_PARAMETER = 'NTPServerIP';

/**
 * Per-device pre-flight: the device answers, the user may read /files (so Administrator at least), it is
 * not an HA pair (unless allowed), its clock is close to ours, and the current state is backed up. Sends
 * nothing that changes the device.
 */
export async function mediantPreflight(client: DeviceClient, options: MediantPushOptions): Promise<MediantBackup> {
  const { status, dateHeader } = await client.readStatus();
  const warnings: ReportedError[] = [];
  const haState = readHaState(status.highAvailability);
  if (haState !== 'standalone' && !options.allowHa) {
    const what =
      haState === 'pair'
        ? 'one address of an HA pair (highAvailability "Operational")'
        : `highAvailability is ${JSON.stringify(status.highAvailability) ?? 'missing'}, not a documented value, so it may be an HA pair`;
    throw new DeviceError(
      'ERR_DEVICE_HA_PAIR',
      `${what}: give --allow-ha (with --allow-reset) to push to the active unit and verify after a switchover`,
      { device: client.name },
    );
  }
  const facts: DeviceFacts = {
    firmware: typeof status.versionID === 'string' ? status.versionID : undefined,
    highAvailability: typeof status.highAvailability === 'string' ? status.highAvailability : undefined,
  };
  checkClock(client, options, deviceClock(status, dateHeader), facts, warnings);
  const ctx = options.tlsContext;
  const certificatePem = await client.getCertificate(ctx);
  const keyInfo = await client.getPrivateKeyInfo(ctx);
  const rootPems = await client.getTrustedRoots(ctx);
  const ini = readIni(await client.getIni());
  // The client is new, so its connection was opened for this pre-flight: what it was served is what a
  // new connection gets now. Only without one (plain HTTP) is another handshake needed.
  const servedBefore = client.lastConnection?.servedFingerprint ?? (await client.servedCertificate()).fingerprint;
  readSetup(ini, options, facts, warnings);
  return {
    certificatePem,
    certificateFingerprint: pemFingerprints(certificatePem)[0],
    keyValid: keyInfo.valid,
    rootPems,
    parameters: readIniParameters(ini, Object.keys(mediantParameters({ mutual: true }))),
    servedBefore,
    saveNeeded: readFlag(status.saveNeeded),
    haPair: haState !== 'standalone',
    facts,
    warnings,
  };
}

/** Certificates fail on a wrong clock: refuse a device beyond the allowed skew, note one we cannot read. */
function checkClock(
  client: DeviceClient,
  options: MediantPushOptions,
  clock: Date | undefined,
  facts: DeviceFacts,
  warnings: ReportedError[],
): void {
  if (clock === undefined) {
    warnings.push({ code: 'WARN_DEVICE_CLOCK_UNKNOWN', message: 'the device reports no readable date and time' });
    return;
  }
  const skewMs = clock.getTime() - (options.now?.() ?? new Date()).getTime();
  facts.clockSkewSeconds = Math.round(skewMs / 1000);
  const limit = options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  if (Math.abs(skewMs) > limit) {
    throw new DeviceError(
      'ERR_DEVICE_CLOCK_SKEW',
      `its clock is ${facts.clockSkewSeconds} s off ours (more than ${Math.round(limit / 1000)} s): certificates would fail there; set its NTP source (the one OVOC uses), or give --max-clock-skew`,
      { device: client.name },
    );
  }
}

/** NTP configured, and which TLS contexts the device's links use (a push changes one context only). */
function readSetup(ini: IniDocument, options: MediantPushOptions, facts: DeviceFacts, warnings: ReportedError[]): void {
  const ntp = readIniParameters(ini, [NTP_PARAMETER])[NTP_PARAMETER] ?? '';
  facts.ntpServer = ntp;
  if (ntp === '' || ntp === '0.0.0.0') {
    warnings.push({
      code: 'WARN_DEVICE_NO_NTP',
      message: 'no NTP server configured (NTPServerIP): devices and OVOC need the same NTP source',
    });
  }
  const contexts = contextsInUse(ini);
  facts.tlsContexts = contexts;
  const pushed = contexts.find((context) => context.id === options.tlsContext);
  for (const context of contexts) {
    if (context.id === options.tlsContext || !context.links.includes('QoE to OVOC')) continue;
    warnings.push({
      code: 'WARN_DEVICE_OTHER_CONTEXT',
      message: `the QoE link to OVOC uses TLS context ${context.id} (${context.name}), which this push does not change`,
    });
  }
  if (options.roots === 'replace' && pushed !== undefined && pushed.links.length > 1) {
    warnings.push({
      code: 'WARN_DEVICE_SHARED_CONTEXT',
      message: `--roots replace on context ${pushed.id}, which also secures: ${pushed.links.join('; ')}`,
    });
  }
}

/** One device's push after its pre-flight passed. Never throws: every outcome is a result. */
export async function pushMediant(
  client: DeviceClient,
  material: PushMaterial,
  backup: MediantBackup,
  options: MediantPushOptions,
): Promise<MediantResult> {
  return new MediantPush(client, material, backup, options).run();
}

class MediantPush {
  private readonly changes: string[] = [];
  private readonly verified = new Set<VerifiedCheck>();
  private readonly errors: ReportedError[] = [];
  private readonly warnings: ReportedError[];
  /** Something was sent that may have changed the device. */
  private touched = false;
  private servedAfter: string | undefined;
  private saveNeeded: boolean | undefined;
  private readonly ctx: number;
  private readonly parameters: Record<string, string>;
  /** What the device got in the certificate upload: the chain, or the leaf alone once it refused the chain. */
  private uploadedCertificatePem: string;

  constructor(
    private readonly client: DeviceClient,
    private readonly material: PushMaterial,
    private readonly backup: MediantBackup,
    private readonly options: MediantPushOptions,
  ) {
    this.ctx = options.tlsContext;
    this.parameters = mediantParameters(options);
    this.warnings = [...backup.warnings];
    this.uploadedCertificatePem = material.certificatePem;
  }

  async run(): Promise<MediantResult> {
    // The pushed certificate need not name the device: a device serving exactly it is trusted from here on.
    this.client.trustFingerprint(this.material.certificateFingerprint);
    if (this.loadedAndSaved() && this.backup.servedBefore === this.material.certificateFingerprint) {
      this.servedAfter = this.backup.servedBefore;
      this.saveNeeded = false;
      return this.result('unchanged');
    }
    // A device that holds and has saved everything (an earlier run left it pending a reset) needs no upload.
    if (!this.loadedAndSaved() && !(await this.pushAndSave())) return this.recover();
    return this.activate();
  }

  /**
   * Upload, read back, save, then confirm: a reset between the read-backs and the save would otherwise
   * save a configuration that lost part of the push. A second attempt cures a reset or power loss in the
   * middle (it reverts part of what was sent).
   */
  private async pushAndSave(): Promise<boolean> {
    for (let attempt = 1; attempt <= UPLOAD_ATTEMPTS; attempt++) {
      try {
        await this.upload(attempt);
        const verifiedOn = await this.readBack();
        // A firmware may serve a new pair at once, after the save, or after a reset: this is not yet a failure.
        await this.checkServed();
        await this.change('POST /api/v1/actions/saveConfiguration', () => this.client.saveConfiguration());
        verifiedOn.add(this.client.lastConnection?.id ?? 0);
        await this.confirmSaved(verifiedOn);
        return true;
      } catch (error) {
        this.errors.push(reportedError(error));
        if (error instanceof DeviceError && FINAL_CODES.has(error.code)) return false;
      }
    }
    return false;
  }

  /** The device holds the pushed files and parameters, and nothing is unsaved; what it serves is not looked at. */
  private loadedAndSaved(): boolean {
    const { backup, material } = this;
    const rootsThere = material.rootFingerprints.every((fp) => pemFingerprints(backup.rootPems.join('')).includes(fp));
    const parametersSet = Object.entries(this.parameters).every(([name, value]) => backup.parameters[name] === value);
    return (
      sameCertificates(backup.certificatePem, material.certificatePem) &&
      backup.keyValid &&
      rootsThere &&
      parametersSet &&
      backup.saveNeeded === false
    );
  }

  /** Key and certificate back to back, then roots and parameters. The first attempt trusts the backup's roots. */
  private async upload(attempt: number): Promise<void> {
    const { client, ctx, material } = this;
    const tls = `/api/v1/files/tls/${ctx}`;
    await this.change(`PUT ${tls}/privateKey`, () => client.putPrivateKey(ctx, material.keyPem));
    await this.uploadCertificate(`PUT ${tls}/certificate`);
    if (this.options.roots === 'replace') {
      await this.change(`PUT ${tls}/trustedRoot`, () => client.putTrustedRoots(ctx, material.rootPems));
    } else {
      const roots = attempt === 1 ? this.backup.rootPems : await client.getTrustedRoots(ctx);
      const present = pemFingerprints(roots.join(''));
      for (const [index, pem] of material.rootPems.entries()) {
        if (present.includes(material.rootFingerprints[index] as string)) continue;
        await this.change(`PUT ${tls}/trustedRoot/incremental`, () => client.addTrustedRoot(ctx, pem));
      }
    }
    await this.change('PUT /api/v1/files/ini/incremental', () =>
      client.putIniIncremental(incrementalIni(this.parameters)),
    );
  }

  /** The chain; a device that refuses it (400) gets the leaf alone, and the report says so. */
  private async uploadCertificate(label: string): Promise<void> {
    const { client, ctx, material } = this;
    try {
      await this.change(label, () => client.putCertificate(ctx, this.uploadedCertificatePem));
    } catch (error) {
      const chainRefused = error instanceof DeviceError && error.status === 400 && material.intermediates > 0;
      if (!chainRefused || this.uploadedCertificatePem === material.leafPem) throw error;
      this.uploadedCertificatePem = material.leafPem;
      await this.change(`${label} (leaf only)`, () => client.putCertificate(ctx, material.leafPem));
      this.warnings.push({
        code: 'WARN_DEVICE_CHAIN_REFUSED',
        message: `the device refused the certificate with its ${material.intermediates} intermediate(s) and took the leaf alone: clients that hold only the root cannot verify it`,
      });
    }
  }

  /** Everything read back is what was pushed. Returns the ids of the connections the reads came on. */
  private async readBack(): Promise<Set<number>> {
    const { client, ctx, material } = this;
    const connections = new Set<number>();
    const seen = () => connections.add(client.lastConnection?.id ?? 0);
    const certificate = await client.getCertificate(ctx);
    seen();
    if (pemFingerprints(certificate)[0] !== material.certificateFingerprint) {
      throw this.mismatch('the certificate read back is not the one pushed');
    }
    this.verified.add('certificate-read-back');
    if (!(await client.getPrivateKeyInfo(ctx)).valid) throw this.mismatch('privateKey.valid is false');
    seen();
    this.verified.add('private-key-valid');
    const roots = pemFingerprints((await client.getTrustedRoots(ctx)).join(''));
    seen();
    if (!material.rootFingerprints.every((fp) => roots.includes(fp))) throw this.mismatch('a pushed root is missing');
    this.verified.add('trusted-roots');
    const values = readIniParameters(await client.getIni(), Object.keys(this.parameters));
    seen();
    const wrong = Object.entries(this.parameters).filter(([name, value]) => values[name] !== value);
    if (wrong.length > 0) throw this.mismatch(`ini values not applied: ${wrong.map(([name]) => name).join(', ')}`);
    this.verified.add('ini-values');
    return connections;
  }

  /** A TLS handshake on a new connection: does the device serve the pushed certificate now? */
  private async checkServed(): Promise<boolean> {
    this.servedAfter = await this.client.servedFingerprint();
    const matches = this.servedAfter === this.material.certificateFingerprint;
    if (matches) this.verified.add('served-certificate');
    return matches;
  }

  /**
   * After the save: nothing unsaved, and what the device now boots with is what was read back. When the
   * reads, the save and this status all came on one connection, no reset came between them (a reset
   * drops every connection), so the running configuration just saved is the verified one. Otherwise
   * everything is read back again.
   */
  private async confirmSaved(verifiedOn: Set<number>): Promise<void> {
    await this.readSaveNeeded();
    if (this.saveNeeded !== false) throw this.mismatch('saveNeeded is not false after saveConfiguration');
    verifiedOn.add(this.client.lastConnection?.id ?? 0);
    if (verifiedOn.size !== 1 || verifiedOn.has(0)) await this.readBack();
    this.verified.add('saved');
  }

  /** saveNeeded from GET status, read leniently; undefined (unreadable) counts as unsaved wherever it is used. */
  private async readSaveNeeded(): Promise<boolean | undefined> {
    const status = await this.client.status();
    this.saveNeeded = readFlag(status.saveNeeded);
    if (this.saveNeeded === undefined) {
      this.warnings.push({
        code: 'WARN_DEVICE_STATUS_UNREADABLE',
        message: `saveNeeded is ${JSON.stringify(status.saveNeeded) ?? 'missing'}: neither true nor false, taken as unsaved`,
      });
    }
    return this.saveNeeded;
  }

  /**
   * Loaded, read back and saved: now the device must serve it. Firmware differs in when a new pair takes
   * effect (at once, after the save, after a reset); a device that needs a reset gets one only with
   * allowReset, else it is `pending-reset`: everything is saved, and the next reset makes it serve the push.
   */
  private async activate(): Promise<MediantResult> {
    try {
      if (this.options.mutual) return await this.switchOnMutualTls();
      if (this.backup.haPair) return await this.switchOverHaPair();
      if (this.verified.has('served-certificate') || (await this.checkServed())) return this.result('updated');
      if (!this.options.allowReset) return this.pendingReset();
      // A reset answered 500 (or lost) may not have happened: one more try before the device needs attention.
      for (let attempt = 1; attempt <= 2; attempt++) {
        await this.resetAndWait('POST /api/v1/actions/reset (the new certificate takes effect)');
        if (await this.holdsPush()) return this.result('updated');
      }
      return this.result('needs-attention');
    } catch (error) {
      this.errors.push(reportedError(error));
      return this.result('needs-attention');
    }
  }

  private pendingReset(): MediantResult {
    this.warnings.push({
      code: 'WARN_DEVICE_PENDING_RESET',
      message:
        'loaded, verified and saved, but the device still serves its previous certificate: its firmware applies a new one at the next reset (run again with --allow-reset, or reset it)',
    });
    return this.result('pending-reset');
  }

  /** Everything read back, served on a new connection, and saved: the device holds the push. */
  private async holdsPush(): Promise<boolean> {
    try {
      await this.readBack();
      if (!(await this.checkServed())) throw this.mismatch('a new connection still gets another certificate');
      if ((await this.readSaveNeeded()) !== false) throw this.mismatch('saveNeeded is not false');
      return true;
    } catch (error) {
      this.errors.push(reportedError(error));
      return false;
    }
  }

  /**
   * An HA pair: the save reaches the redundant unit after a synchronisation window, during which the device
   * answers 409 (the busy budget waits it out). Then a reset switches over, and the unit that comes up must
   * hold the push too; if it does not (the synchronisation was lost), it gets the push as well.
   */
  private async switchOverHaPair(): Promise<MediantResult> {
    if (!this.options.allowReset) throw this.mismatch('an HA pair is verified after a switchover: needs --allow-reset');
    await this.client.getPrivateKeyInfo(this.ctx);
    await this.resetAndWait('POST /api/v1/actions/reset (HA switchover)');
    if (!(await this.holdsPush())) {
      if (!(await this.pushAndSave())) return this.result('needs-attention');
      await this.client.getPrivateKeyInfo(this.ctx);
      if (!(await this.holdsPush())) return this.result('needs-attention');
    }
    this.verified.add('ha-switchover');
    return this.result('updated');
  }

  /** Save and reset took place: reconnect with the client pair; without it the device must refuse. */
  private async switchOnMutualTls(): Promise<MediantResult> {
    const { client, material } = this;
    await this.change('POST /api/v1/actions/reset', () => client.reset({ saveConfiguration: true }));
    client.useClientIdentity(material.clientIdentity);
    await this.waitForDevice();
    this.verified.add('mutual-tls-with-client-certificate');
    if (await client.refusesWithoutClientCertificate()) this.verified.add('mutual-tls-enforced');
    else throw this.mismatch('the device still answers without a client certificate');
    return this.result((await this.holdsPush()) ? 'updated' : 'needs-attention');
  }

  /**
   * After a failure. Untouched devices are `failed`. Otherwise restore what can be restored and look:
   * `rolled-back` only when a new connection gets the previous certificate (a completed handshake proves
   * the device holds its key), the read-back matches, the key is valid and nothing is left unsaved.
   */
  private async recover(): Promise<MediantResult> {
    if (!this.touched) return this.result('failed');
    // After a 401 the device is not contacted again (it may lock the address out): its state is unknown.
    if (this.client.unauthorized) return this.result('needs-attention');
    try {
      if (this.options.allowReset) {
        try {
          await this.change('POST /api/v1/actions/reset (rollback, without save)', () =>
            this.client.reset({ saveConfiguration: false }),
          );
        } catch (error) {
          // The answer may be lost while the reset still happens: look at the device either way.
          this.errors.push(reportedError(error));
        }
        await this.waitForDevice();
      }
      if (await this.previousPairInPlace()) {
        await this.restoreRootsAndParameters();
        await this.readSaveNeeded();
        if (this.saveNeeded !== false && this.backup.saveNeeded === false) {
          // Running now equals what was saved before the push, so saving writes the same configuration.
          await this.change('POST /api/v1/actions/saveConfiguration (rollback)', () => this.client.saveConfiguration());
          await this.readSaveNeeded();
        }
        if (this.saveNeeded === false && (await this.previousPairInPlace())) return this.result('rolled-back');
      }
    } catch (error) {
      this.errors.push(reportedError(error));
    }
    return this.result('needs-attention');
  }

  private async previousPairInPlace(): Promise<boolean> {
    this.servedAfter = await this.client.servedFingerprint();
    if (this.servedAfter !== this.backup.servedBefore) return false;
    this.verified.add('previous-certificate-served');
    const certificate = pemFingerprints(await this.client.getCertificate(this.ctx))[0];
    if (certificate !== this.backup.certificateFingerprint) return false;
    this.verified.add('previous-certificate-read-back');
    return (await this.client.getPrivateKeyInfo(this.ctx)).valid === this.backup.keyValid;
  }

  private async restoreRootsAndParameters(): Promise<void> {
    const { client, ctx, backup } = this;
    const current = pemFingerprints((await client.getTrustedRoots(ctx)).join(''));
    const before = pemFingerprints(backup.rootPems.join(''));
    const same = current.length === before.length && before.every((fp) => current.includes(fp));
    if (!same && backup.rootPems.length > 0) {
      await this.change(`PUT /api/v1/files/tls/${ctx}/trustedRoot (restore)`, () =>
        client.putTrustedRoots(ctx, backup.rootPems),
      );
    } else if (!same) {
      // An empty store cannot be uploaded: the pushed roots stay, and the device is not rolled back.
      throw this.mismatch('the trusted root store was empty before the push and cannot be emptied again');
    }
    const values = readIniParameters(await client.getIni(), Object.keys(this.parameters));
    const restore: Record<string, string> = {};
    for (const name of Object.keys(this.parameters)) {
      const previous = backup.parameters[name] ?? '0';
      if (values[name] !== undefined && values[name] !== previous) restore[name] = previous;
    }
    if (Object.keys(restore).length > 0) {
      await this.change('PUT /api/v1/files/ini/incremental (restore)', () =>
        client.putIniIncremental(incrementalIni(restore)),
      );
    }
  }

  /**
   * A reset without save (everything is saved by now), then the wait for the device. A reset whose answer
   * was lost, or a device already going down by itself, is no failure: what counts is what it holds after.
   */
  private async resetAndWait(label: string): Promise<void> {
    try {
      await this.change(label, () => this.client.reset({ saveConfiguration: false }));
    } catch (error) {
      if (error instanceof DeviceError && error.status !== undefined && error.status < 500) throw error;
    }
    await this.waitForDevice();
  }

  /** After a reset was accepted: the device first goes down, then answers status again, within resetWaitMs. */
  private async waitForDevice(): Promise<void> {
    await this.client.waitUntilDown();
    const deadline = Date.now() + (this.options.resetWaitMs ?? 120_000);
    for (;;) {
      try {
        await this.client.status();
        return;
      } catch (error) {
        if (Date.now() > deadline || (error instanceof DeviceError && FINAL_CODES.has(error.code))) throw error;
        await realSleep(500);
      }
    }
  }

  /**
   * Runs one changing request. A device that answered 4xx did not apply it; anything else
   * (2xx, 5xx, timeout, dropped connection) may have changed the device.
   */
  private async change(label: string, request: () => Promise<void>): Promise<void> {
    try {
      await request();
      this.touched = true;
      this.changes.push(label);
    } catch (error) {
      const status = error instanceof DeviceError ? error.status : undefined;
      if (status === undefined || status >= 500) {
        this.touched = true;
        this.changes.push(`${label} (answer lost)`);
      }
      throw error;
    }
  }

  private mismatch(message: string): DeviceError {
    return new DeviceError('ERR_DEVICE_VERIFY_FAILED', message, { device: this.client.name });
  }

  private result(state: DeviceOutcome): MediantResult {
    return {
      state,
      changes: this.changes,
      verified: [...this.verified],
      servedBefore: this.backup.servedBefore,
      servedAfter: this.servedAfter,
      saveNeeded: this.saveNeeded,
      errors: this.errors,
      warnings: this.warnings,
    };
  }
}

/** The same certificates in the same order (what the device's certificate file holds vs what is pushed). */
function sameCertificates(held: string, pushed: string): boolean {
  const a = pemFingerprints(held);
  const b = pemFingerprints(pushed);
  return a.length === b.length && a.every((fingerprint, index) => fingerprint === b[index]);
}
