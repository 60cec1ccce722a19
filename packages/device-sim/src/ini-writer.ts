// `GET /api/v1/files/ini`: the running configuration as a device writes it, with the `[ TLSContexts ]` table.
import type { DeviceConfiguration, OpenItemSettings } from './types.js';

/** Parameters whose value a device never writes back in clear. */
const MASKED = new Set(['TLSPkeyPassphrase']);
/** Text values a device writes in single quotes: URLs and names. */
const QUOTED_PARAMETER = /url$|^QoETLSContextName$/i;

/** `index`: 7.4 firmware (`FORMAT Index = Name, …`); `prefixed`: older firmware (`FORMAT TLSContexts_Index = …`). */
export type IniTableFormat = NonNullable<OpenItemSettings['iniTableFormat']>;

export function writeIni(configuration: DeviceConfiguration, format: IniTableFormat): string {
  const lines = [';Certwright device simulator: running configuration', '', '[SYSTEM Params]', ''];
  for (const [name, value] of Object.entries(configuration.parameters).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`${name} = ${renderValue(name, value)}`);
  }
  lines.push('', '[ TLSContexts ]', '');
  const column = (name: string) => (format === 'prefixed' ? `TLSContexts_${name}` : name);
  lines.push(`FORMAT ${column('Index')} = ${column('Name')}, ${column('TLSVersion')}, ${column('TrustedRootCount')};`);
  const ids = Object.keys(configuration.tlsContexts)
    .map(Number)
    .sort((a, b) => a - b);
  for (const id of ids) {
    const context = configuration.tlsContexts[id];
    const name = context?.name ?? (id === 0 ? 'default' : `context${id}`);
    lines.push(`TLSContexts ${id} = "${name}", 0, ${context?.trustedRootsPem.length ?? 0};`);
  }
  lines.push('', '[ \\TLSContexts ]', '');
  return `${lines.join('\n')}\n`;
}

function renderValue(name: string, value: string): string {
  if (MASKED.has(name)) return "'*****'";
  return QUOTED_PARAMETER.test(name) ? `'${value}'` : value;
}
