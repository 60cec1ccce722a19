import type { DeviceClient, DeviceStatus } from '../client/device-client.js';
import { DeviceError } from '../client/errors.js';
import { realSleep } from '../client/retry.js';
import type { DeviceOutcome, ReportedError, VerifiedCheck } from '../fleet/device-report.js';
import { reportedError } from '../fleet/device-report.js';
import { incrementalIni, readIniParameters } from './ini-values.js';
import { type MediantPushOptions, mediantParameters } from './mediant-plan.js';
import { pemFingerprints } from './pem.js';
import type { PushMaterial } from './push-material.js';

/** What a device held before the push: enough to decide "unchanged" and to restore. */
export interface MediantBackup {
  certificatePem: string;
  certificateFingerprint: string | undefined;
  keyValid: boolean;
  rootPems: string[];
  parameters: Record<string, string>;
  servedBefore: string;
  saveNeeded: boolean;
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

/**
 * Per-device pre-flight: the device answers, the user may read /files (so Administrator at least),
 * no HA synchronisation, and the current state is backed up. Sends nothing that changes the device.
 */
export async function mediantPreflight(client: DeviceClient, options: MediantPushOptions): Promise<MediantBackup> {
  const status = await client.status();
  if (isSynchronizing(status)) {
    throw new DeviceError('ERR_DEVICE_BUSY', 'HA synchronisation in progress', { device: client.name });
  }
  const ctx = options.tlsContext;
  const certificatePem = await client.getCertificate(ctx);
  const keyInfo = await client.getPrivateKeyInfo(ctx);
  const rootPems = await client.getTrustedRoots(ctx);
  const ini = await client.getIni();
  // The client is new, so its connection was opened for this pre-flight: what it was served is what a
  // new connection gets now. Only without one (plain HTTP) is another handshake needed.
  const servedBefore = client.lastConnection?.servedFingerprint ?? (await client.servedCertificate()).fingerprint;
  return {
    certificatePem,
    certificateFingerprint: pemFingerprints(certificatePem)[0],
    keyValid: keyInfo.valid,
    rootPems,
    parameters: readIniParameters(ini, Object.keys(mediantParameters({ mutual: true }))),
    servedBefore,
    saveNeeded: status.saveNeeded === true,
  };
}

function isSynchronizing(status: DeviceStatus): boolean {
  return /synchroni[sz]/i.test(String(status.highAvailability ?? ''));
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
  /** Something was sent that may have changed the device. */
  private touched = false;
  private servedAfter: string | undefined;
  private saveNeeded: boolean | undefined;
  private readonly ctx: number;
  private readonly parameters: Record<string, string>;

  constructor(
    private readonly client: DeviceClient,
    private readonly material: PushMaterial,
    private readonly backup: MediantBackup,
    private readonly options: MediantPushOptions,
  ) {
    this.ctx = options.tlsContext;
    this.parameters = mediantParameters(options);
  }

  async run(): Promise<MediantResult> {
    if (this.alreadyDone()) {
      this.servedAfter = this.backup.servedBefore;
      this.saveNeeded = false;
      return this.result('unchanged');
    }
    if (!(await this.pushAndSave())) return this.recover();
    if (this.options.mutual) return this.switchOnMutualTls();
    return this.result('updated');
  }

  /**
   * Upload, verify, save, then verify again: a reset between the first verification and the save
   * would otherwise save a configuration that lost part of the push. A second attempt cures a
   * reset or power loss in the middle (it reverts part of what was sent).
   */
  private async pushAndSave(): Promise<boolean> {
    for (let attempt = 1; attempt <= UPLOAD_ATTEMPTS; attempt++) {
      try {
        await this.upload(attempt);
        const verifiedOn = await this.verify();
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

  /** The device already serves the pushed certificate with everything set and saved: send nothing. */
  private alreadyDone(): boolean {
    const { backup, material } = this;
    const rootsThere = material.rootFingerprints.every((fp) => pemFingerprints(backup.rootPems.join('')).includes(fp));
    const parametersSet = Object.entries(this.parameters).every(([name, value]) => backup.parameters[name] === value);
    return (
      backup.servedBefore === material.certificateFingerprint &&
      backup.certificateFingerprint === material.certificateFingerprint &&
      backup.keyValid &&
      rootsThere &&
      parametersSet &&
      !backup.saveNeeded
    );
  }

  /** Key and certificate back to back, then roots and parameters. The first attempt trusts the backup's roots. */
  private async upload(attempt: number): Promise<void> {
    const { client, ctx, material } = this;
    const tls = `/api/v1/files/tls/${ctx}`;
    await this.change(`PUT ${tls}/privateKey`, () => client.putPrivateKey(ctx, material.keyPem));
    await this.change(`PUT ${tls}/certificate`, () => client.putCertificate(ctx, material.certificatePem));
    // From here the device may serve the pushed certificate, which need not name the device.
    client.trustFingerprint(material.certificateFingerprint);
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

  /**
   * Read everything back, then a new TLS connection must get the pushed certificate. Returns the ids
   * of the connections the reads came on.
   */
  private async verify(): Promise<Set<number>> {
    const { client, ctx, material } = this;
    const connections = new Set<number>();
    const seen = () => connections.add(client.lastConnection?.id ?? 0);
    const certificate = pemFingerprints(await client.getCertificate(ctx))[0];
    seen();
    if (certificate !== material.certificateFingerprint)
      throw this.mismatch('the certificate read back is not the one pushed');
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
    const served = await client.servedCertificate();
    this.servedAfter = served.fingerprint;
    if (served.fingerprint !== material.certificateFingerprint) {
      throw this.mismatch('a new TLS connection still gets another certificate');
    }
    this.verified.add('served-certificate');
    return connections;
  }

  /**
   * After the save: nothing unsaved, and what the device now boots with is what was verified. When the
   * reads, the save and this status all came on one connection, no reset came between them (a reset
   * drops every connection), so the running configuration just saved is the verified one. Otherwise
   * everything is read back again.
   */
  private async confirmSaved(verifiedOn: Set<number>): Promise<void> {
    const status = await this.client.status();
    this.saveNeeded = status.saveNeeded === true;
    if (this.saveNeeded) throw this.mismatch('saveNeeded is still true after saveConfiguration');
    verifiedOn.add(this.client.lastConnection?.id ?? 0);
    if (verifiedOn.size !== 1 || verifiedOn.has(0)) await this.verify();
    this.verified.add('saved');
  }

  /** Save and reset took place: reconnect with the client pair; without it the device must refuse. */
  private async switchOnMutualTls(): Promise<MediantResult> {
    const { client, material } = this;
    try {
      await this.change('POST /api/v1/actions/reset', () => client.reset({ saveConfiguration: true }));
      client.useClientIdentity(material.clientIdentity);
      await this.waitForDevice();
      this.verified.add('mutual-tls-with-client-certificate');
      if (await client.refusesWithoutClientCertificate()) this.verified.add('mutual-tls-enforced');
      else throw this.mismatch('the device still answers without a client certificate');
      const served = await client.servedCertificate();
      this.servedAfter = served.fingerprint;
      return this.result(served.fingerprint === material.certificateFingerprint ? 'updated' : 'needs-attention');
    } catch (error) {
      this.errors.push(reportedError(error));
      return this.result('needs-attention');
    }
  }

  /**
   * After a failure. Untouched devices are `failed`. Otherwise restore what can be restored and look:
   * `rolled-back` only when a new connection gets the previous certificate (a completed handshake proves
   * the device holds its key), the read-back matches, the key is valid and nothing is left unsaved.
   */
  private async recover(): Promise<MediantResult> {
    if (!this.touched) return this.result('failed');
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
        const status = await this.client.status();
        this.saveNeeded = status.saveNeeded === true;
        if (this.saveNeeded && !this.backup.saveNeeded) {
          // Running now equals what was saved before the push, so saving writes the same configuration.
          await this.change('POST /api/v1/actions/saveConfiguration (rollback)', () => this.client.saveConfiguration());
          this.saveNeeded = (await this.client.status()).saveNeeded === true;
        }
        if (!this.saveNeeded && (await this.previousPairInPlace())) return this.result('rolled-back');
      }
    } catch (error) {
      this.errors.push(reportedError(error));
    }
    return this.result('needs-attention');
  }

  private async previousPairInPlace(): Promise<boolean> {
    const served = await this.client.servedCertificate();
    this.servedAfter = served.fingerprint;
    if (served.fingerprint !== this.backup.servedBefore) return false;
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
    if (!same) {
      await this.change(`PUT /api/v1/files/tls/${ctx}/trustedRoot (restore)`, () =>
        client.putTrustedRoots(ctx, backup.rootPems),
      );
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
    };
  }
}
