import { dnsNameMatches, parseCertificate } from '@certwright/core';
import { isIP } from 'node:net';
import type { Progress } from '../progress.js';

/**
 * How OVOC reaches the SBC devices, the Web UI's "SBC Devices Communication" setting in the OVOC
 * security guidelines: by IP address, or "Hostname Based" — which needs the server's FQDN in its
 * certificate, since the devices then check the name they connected to ("Verify Certificate SubjectName").
 */
export type DeviceCommunicationMode = 'ip' | 'hostname';

/**
 * In the hostname-based mode, warns (WARN_VERIFY_HOSTNAME_MODE_NO_FQDN) when the server certificate
 * has no DNS name covering `fqdn`, or when `fqdn` is an address rather than a name. Returns whether it warned.
 */
export async function checkDeviceMode(
  serverDer: Uint8Array,
  mode: DeviceCommunicationMode | undefined,
  fqdn: string | undefined,
  progress: Progress,
): Promise<boolean> {
  if (mode !== 'hostname') return false;
  const why = 'the guidelines\' "Hostname Based" SBC device communication needs the server\'s FQDN in its certificate';
  if (fqdn === undefined || isIP(fqdn) !== 0) {
    const given = fqdn === undefined ? 'no FQDN was given' : `${fqdn} is an address, not an FQDN`;
    progress.warn('WARN_VERIFY_HOSTNAME_MODE_NO_FQDN', `server.crt: ${why}; ${given} to check it against`);
    return true;
  }
  const certificate = await parseCertificate(serverDer, { source: 'server.crt' });
  const names = certificate.sans.filter((san) => san.type === 'dns').map((san) => san.value);
  if (names.some((name) => dnsNameMatches(name, fqdn))) return false;
  const held = names.length === 0 ? 'it has no DNS names' : `its DNS names are ${names.join(', ')}`;
  progress.warn(
    'WARN_VERIFY_HOSTNAME_MODE_NO_FQDN',
    `server.crt: ${why}, and ${fqdn} is not among them (${held}); reissue it with --san dns:${fqdn} or use the IP-based mode`,
  );
  return true;
}
