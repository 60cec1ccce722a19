// A device's configuration (parameters and TLS context files) and the running/saved pair it keeps.
import type { DeviceConfiguration, DeviceProfile, TlsContextState } from './types.js';

/**
 * The value each parameter the simulator knows returns to when an ini resets what it does not list (a
 * full ini, or an Automatic Update ini on firmware that resets unlisted parameters).
 */
export function parameterDefaults(profile: DeviceProfile): Record<string, string> {
  const common = { AUPDVerifyCertificates: '0', HTTPSRequireClientCertificate: '0', NTPServerIP: '0.0.0.0' };
  return profile === 'mp1xx' ? { ...common, ServerRespondTimeout: '5000', QOEEnableTLS: '0' } : common;
}

/** How the site set the device up before Certwright sees it: its NTP server, the QoE link's TLS context. */
export interface SiteSetup {
  ntpServer: string;
  qoeOwnContext: boolean;
}

export function factoryConfiguration(
  profile: DeviceProfile,
  pair: { certificatePem: string; privateKeyPem: string },
  contexts: number,
  site: SiteSetup,
): DeviceConfiguration {
  const tlsContexts: Record<number, TlsContextState> = {};
  const count = site.qoeOwnContext ? Math.max(contexts, 2) : contexts;
  for (let id = 0; id < count; id++) {
    const name = id === 0 ? 'default' : site.qoeOwnContext && id === 1 ? 'QoE' : `context${id}`;
    tlsContexts[id] = { name, ...pair, trustedRootsPem: [] };
  }
  const parameters = { ...parameterDefaults(profile), NTPServerIP: site.ntpServer === '' ? '0.0.0.0' : site.ntpServer };
  return { tlsContexts, parameters: site.qoeOwnContext ? { ...parameters, QoETLSContextName: 'QoE' } : parameters };
}

export function cloneConfiguration(configuration: DeviceConfiguration): DeviceConfiguration {
  const tlsContexts: Record<number, TlsContextState> = {};
  for (const [id, context] of Object.entries(configuration.tlsContexts)) {
    tlsContexts[Number(id)] = { ...context, trustedRootsPem: [...context.trustedRootsPem] };
  }
  return { tlsContexts, parameters: { ...configuration.parameters } };
}
