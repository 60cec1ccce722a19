// MP-1xx Automatic Update: fetch IniFileURL, then the TLS*FileUrl files it names, and apply all of it
// (parameters, then context 0's files if key and certificate match) and save, as the device writes to flash.
// Every file of one poll is fetched under the verification setting in force when the poll starts; a new
// AUPDVerifyCertificates value from the ini applies from the next poll.
import type { DeviceModel } from './device-model.js';
import { fetchFile } from './fetch-file.js';
import { parseIni } from './ini-parser.js';
import { pairMatches, privateKeyToPem, readCertificateBlocks, readPrivateKeyPem } from './pem.js';
import type { AutoUpdateResult, AutoUpdateSettings, TlsContextState } from './types.js';

export class AutoUpdater {
  private settings: AutoUpdateSettings | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inProgress: Promise<AutoUpdateResult> | undefined;

  constructor(
    private readonly model: DeviceModel,
    private readonly persist: () => Promise<void>,
  ) {}

  configure(settings: AutoUpdateSettings): void {
    this.stop();
    this.settings = { ...settings };
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
    const options = {
      verify: this.model.running.parameters.AUPDVerifyCertificates === '1',
      trustedRoots: [...(this.model.running.tlsContexts[0]?.trustedRootsPem ?? [])],
      username: settings.username,
      password: settings.password,
    };
    const download = async (url: string) => {
      const text = await fetchFile(url, options);
      fetched.push(url);
      return text;
    };
    try {
      const ini = parseIni(await download(settings.iniFileUrl));
      if (ini.badLines.length > 0) throw new Error(`ini file is not valid (line ${ini.badLines.join(', ')})`);
      const parameters = { ...this.model.running.parameters, ...ini.parameters };
      const files = await this.downloadTlsFiles(parameters, download);
      this.model.setParameters(ini.parameters);
      if (Object.keys(files).length > 0) this.model.changeTlsContext(0, files);
      this.model.save();
      await this.persist();
      return { fetched, applied: true };
    } catch (error) {
      return { fetched, applied: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The context 0 files the ini points at, checked; throws when one is not PEM or the pair would not match. */
  private async downloadTlsFiles(
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
      const key = readPrivateKeyPem(await download(keyUrl), parameters.TLSPkeyPassphrase);
      if (!key.ok) throw new Error(`the private key file: ${key.reason}`);
      files.privateKeyPem = privateKeyToPem(key.key);
    }
    if (rootUrl) {
      const roots = readCertificateBlocks(await download(rootUrl));
      if (!roots) throw new Error('the trusted root file is not PEM');
      files.trustedRootsPem = roots;
    }
    const current = this.model.running.tlsContexts[0];
    const certificatePem = files.certificatePem ?? current?.certificatePem ?? '';
    const privateKeyPem = files.privateKeyPem ?? current?.privateKeyPem ?? '';
    if ((certUrl || keyUrl) && !pairMatches(certificatePem, privateKeyPem)) {
      throw new Error('the certificate does not match the private key; nothing installed');
    }
    return files;
  }
}
