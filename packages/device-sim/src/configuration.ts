// A device's configuration (parameters and TLS context files) and the running/saved pair it keeps.
import type { DeviceConfiguration, DeviceProfile, TlsContextState } from './types.js';

/** Factory values of the parameters the simulator knows; MP-1xx has its Automatic Update ones too. */
export function factoryParameters(profile: DeviceProfile): Record<string, string> {
  const common = { AUPDVerifyCertificates: '0', HTTPSRequireClientCertificate: '0' };
  return profile === 'mp1xx' ? { ...common, ServerRespondTimeout: '5000', QOEEnableTLS: '0' } : common;
}

export function factoryConfiguration(
  profile: DeviceProfile,
  pair: { certificatePem: string; privateKeyPem: string },
  contexts: number,
): DeviceConfiguration {
  const tlsContexts: Record<number, TlsContextState> = {};
  for (let id = 0; id < contexts; id++) {
    tlsContexts[id] = { name: id === 0 ? 'default' : `context${id}`, ...pair, trustedRootsPem: [] };
  }
  return { tlsContexts, parameters: factoryParameters(profile) };
}

export function cloneConfiguration(configuration: DeviceConfiguration): DeviceConfiguration {
  const tlsContexts: Record<number, TlsContextState> = {};
  for (const [id, context] of Object.entries(configuration.tlsContexts)) {
    tlsContexts[Number(id)] = { ...context, trustedRootsPem: [...context.trustedRootsPem] };
  }
  return { tlsContexts, parameters: { ...configuration.parameters } };
}
