// One device's configuration state: running and saved, saveNeeded, and the pair its listener serves.
import { cloneConfiguration } from './configuration.js';
import { pairMatches } from './pem.js';
import type { DeviceConfiguration, DeviceProfile, OpenItemSettings, TlsContextState } from './types.js';

export interface ServedPair {
  certificatePem: string;
  privateKeyPem: string;
}

export class DeviceModel {
  running: DeviceConfiguration;
  saved: DeviceConfiguration;
  saveNeeded = false;
  /** The pair new TLS connections get: context 0's, from the moment its key and certificate match. */
  served: ServedPair;
  /** Called when `served` changes, so the listener can switch its secure context. */
  onServedChange: (pair: ServedPair) => void = () => undefined;
  /** Called after every save (an HA pair then synchronises its redundant unit). */
  onSaved: () => void = () => undefined;

  constructor(
    readonly name: string,
    readonly profile: DeviceProfile,
    saved: DeviceConfiguration,
    public openItems: Required<OpenItemSettings>,
    /** The pair to serve when saved context 0 holds no matching pair (a state directory saved that way). */
    fallback: () => ServedPair,
  ) {
    this.saved = cloneConfiguration(saved);
    this.running = cloneConfiguration(saved);
    const context0 = this.running.tlsContexts[0];
    const certificatePem = context0?.certificatePem ?? '';
    const privateKeyPem = context0?.privateKeyPem ?? '';
    this.served = pairMatches(certificatePem, privateKeyPem) ? { certificatePem, privateKeyPem } : fallback();
  }

  context(id: number): TlsContextState | undefined {
    return this.running.tlsContexts[id];
  }

  /** Changes a TLS context's files in the running configuration, and in the saved one when files persist at once. */
  changeTlsContext(id: number, change: Partial<TlsContextState>): void {
    const apply = (configuration: DeviceConfiguration) => {
      const current = configuration.tlsContexts[id] ?? { certificatePem: '', privateKeyPem: '', trustedRootsPem: [] };
      configuration.tlsContexts[id] = { ...current, ...change };
    };
    apply(this.running);
    if (this.openItems.tlsFilesOnReset === 'persist-at-once') apply(this.saved);
    this.saveNeeded = true;
    if (id === 0 && this.openItems.certificateEffective === 'immediately') this.refreshServed();
  }

  setParameters(parameters: Record<string, string>): void {
    Object.assign(this.running.parameters, parameters);
    this.saveNeeded = true;
  }

  /** A full ini replaces the parameters: those not in the file return to their factory values. */
  replaceParameters(parameters: Record<string, string>): void {
    this.running.parameters = { ...parameters };
    this.saveNeeded = true;
  }

  /** Names a TLS context from an ini `[ TLSContexts ]` row, creating it (empty) when it does not exist. */
  nameTlsContext(id: number, name: string): void {
    const existing = this.running.tlsContexts[id];
    if (existing?.name === name) return;
    this.changeTlsContext(id, { name });
  }

  save(): void {
    this.saved = cloneConfiguration(this.running);
    this.saveNeeded = false;
    if (this.openItems.certificateEffective !== 'after-reset') this.refreshServed();
    this.onSaved();
  }

  /** A new context-0 pair is loaded (and matches) but the listener still serves another until a reset. */
  servedPairPending(): boolean {
    const context0 = this.running.tlsContexts[0];
    if (!context0 || context0.certificatePem === this.served.certificatePem) return false;
    return pairMatches(context0.certificatePem, context0.privateKeyPem);
  }

  /** What a reboot does to the configuration: running becomes the saved one. */
  revertToSaved(): void {
    this.running = cloneConfiguration(this.saved);
    this.saveNeeded = false;
    this.refreshServed();
  }

  /** The REST view of a context's key: its size and whether it belongs to the context's certificate. */
  keyMatches(id: number): boolean {
    const context = this.context(id);
    return context !== undefined && pairMatches(context.certificatePem, context.privateKeyPem);
  }

  private refreshServed(): void {
    const context0 = this.running.tlsContexts[0];
    if (!context0) return;
    const { certificatePem, privateKeyPem } = context0;
    if (certificatePem === this.served.certificatePem && privateKeyPem === this.served.privateKeyPem) return;
    if (!pairMatches(certificatePem, privateKeyPem)) return;
    this.served = { certificatePem, privateKeyPem };
    this.onServedChange(this.served);
  }
}
