// MP-1xx Automatic Update: fetch IniFileURL (conditionally: a device loads only an ini more recently dated
// than the one it has, and with AUPDCheckIfIniChanged skips one identical to it), then the TLS*FileUrl files
// it names, and apply all of it (parameters, then context 0's files if key and certificate match) and save,
// as the device writes to flash — and on firmware that does, reset. Firmware that resets unlisted parameters
// sets every parameter the ini does not name to its default, unless the ini says SetDefaultOnINIFileProcess = 0.
// Every file of one poll is fetched under the verification setting in force when the poll starts; a new
// AUPDVerifyCertificates value from the ini applies from the next poll.
import { createHash } from 'node:crypto';
import { parameterDefaults } from './configuration.js';
import type { DeviceModel } from './device-model.js';
import { fetchFile, fetchIfModified } from './fetch-file.js';
import { type ParsedIni, parseIni } from './ini-parser.js';
import { pairMatches, privateKeyToPem, readCertificateBlocks, readPrivateKeyPem } from './pem.js';
import type { AutoUpdateResult, AutoUpdateSettings, TlsContextState } from './types.js';

export class AutoUpdater {
  private settings: AutoUpdateSettings | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inProgress: Promise<AutoUpdateResult> | undefined;
  /** The Last-Modified of the ini last applied: sent back as If-Modified-Since. */
  private lastModified: string | undefined;
  /** SHA-256 of the ini text last applied (AUPDCheckIfIniChanged). */
  private lastIniHash: string | undefined;

  constructor(
    private readonly model: () => DeviceModel,
    private readonly persist: () => Promise<void>,
    /** Resets the device (firmware that resets after loading an ini). */
    private readonly reset: () => void,
  ) {}

  configure(settings: AutoUpdateSettings): void {
    this.stop();
    this.settings = { ...settings };
    this.lastModified = undefined;
    this.lastIniHash = undefined;
    if (settings.pollIntervalMs !== undefined && settings.pollIntervalMs > 0) {
      this.timer = setInterval(() => void this.poll(), settings.pollIntervalMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One poll at a time: a timer tick or `pollNow()` during a poll gets that poll's result. */
  poll(): Promise<AutoUpdateResult> {
    this.inProgress ??= this.pollOnce().finally(() => {
      this.inProgress = undefined;
    });
    return this.inProgress;
  }

  private async pollOnce(): Promise<AutoUpdateResult> {
    const settings = this.settings;
    const fetched: string[] = [];
    if (!settings) return { fetched, applied: false, error: 'Automatic Update is not configured' };
    const model = this.model();
    const options = {
      verify: model.running.parameters.AUPDVerifyCertificates === '1',
      trustedRoots: [...(model.running.tlsContexts[0]?.trustedRootsPem ?? [])],
      username: settings.username,
      password: settings.password,
    };
    const download = async (url: string) => {
      const text = await fetchFile(url, options);
      fetched.push(url);
      return text;
    };
    try {
      const response = await fetchIfModified(settings.iniFileUrl, options, this.lastModified);
      fetched.push(settings.iniFileUrl);
      if (response.notModified) return { fetched, applied: false, unchanged: true };
      const hash = createHash('sha256').update(response.text).digest('hex');
      const checksChanges = (model.running.parameters.AUPDCheckIfIniChanged ?? '0') !== '0';
      if (checksChanges && hash === this.lastIniHash) return { fetched, applied: false, unchanged: true };
      const ini = parseIni(response.text);
      if (ini.badLines.length > 0) throw new Error(`ini file is not valid (line ${ini.badLines.join(', ')})`);
      const parameters = this.parametersAfter(model, ini);
      const files = await this.downloadTlsFiles(model, parameters, download);
      model.replaceParameters(parameters);
      if (Object.keys(files).length > 0) model.changeTlsContext(0, files);
      model.save();
      this.lastModified = response.lastModified;
      this.lastIniHash = hash;
      await this.persist();
      if (model.openItems.autoUpdateApply === 'save-and-reset') this.reset();
      return { fetched, applied: true };
    } catch (error) {
      return { fetched, applied: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The running parameters once the ini is applied: merged, or unlisted ones back to their defaults. */
  private parametersAfter(model: DeviceModel, ini: ParsedIni): Record<string, string> {
    const resets = model.openItems.iniUnlisted === 'reset' && ini.parameters.SetDefaultOnINIFileProcess !== '0';
    const base = resets ? parameterDefaults(model.profile) : model.running.parameters;
    return { ...base, ...ini.parameters };
  }

  /** The context 0 files the ini points at, checked; throws when one is not PEM or the pair would not match. */
  private async downloadTlsFiles(
    model: DeviceModel,
    parameters: Record<string, string>,
    download: (url: string) => Promise<string>,
  ): Promise<Partial<TlsContextState>> {
    const files: Partial<TlsContextState> = {};
    const { TLSCertFileUrl: certUrl, TLSPkeyFileUrl: keyUrl, TLSRootFileUrl: rootUrl } = parameters;
    if (certUrl) {
      const blocks = readCertificateBlocks(await download(certUrl));
      if (!blocks) throw new Error('the certificate file is not PEM');
      files.certificatePem = blocks.join('');
    }
    if (keyUrl) {
      const key = readPrivateKeyPem(
        await download(keyUrl),
        parameters.TLSPkeyPassphrase,
        model.openItems.privateKeyTypes,
      );
      if (!key.ok) throw new Error(`the private key file: ${key.reason}`);
      files.privateKeyPem = privateKeyToPem(key.key);
    }
    if (rootUrl) {
      const roots = readCertificateBlocks(await download(rootUrl));
      if (!roots) throw new Error('the trusted root file is not PEM');
      files.trustedRootsPem = roots;
    }
    const current = model.running.tlsContexts[0];
    const certificatePem = files.certificatePem ?? current?.certificatePem ?? '';
    const privateKeyPem = files.privateKeyPem ?? current?.privateKeyPem ?? '';
    if ((certUrl || keyUrl) && !pairMatches(certificatePem, privateKeyPem)) {
      throw new Error('the certificate does not match the private key; nothing installed');
    }
    return files;
  }
}
