// Which TLS contexts a device has and which links use each. Context 0 ("default") secures the web and REST
// interface, and SIP, Telnet and SSH unless other contexts are configured for them; the QoE link to OVOC uses
// the context QoETLSContextName names (user manuals, "Configuring TLS Certificate Contexts"; DEVICE-API.md).
import { type IniDocument, readIni, readIniParameters, readTlsContextTable } from './ini-values.js';

/** One TLS context of a device and the links (web/REST, SIP, QoE to OVOC) that use it. */
export interface ContextUse {
  id: number;
  name: string;
  links: string[];
}

/** The contexts of the ini's `[ TLSContexts ]` table (context 0 at least) with their links. */
export function contextsInUse(text: string | IniDocument): ContextUse[] {
  const ini = typeof text === 'string' ? readIni(text) : text;
  const table = readTlsContextTable(ini);
  const contexts: ContextUse[] = table.length > 0 ? table.map((row) => ({ ...row, links: [] })) : [];
  if (!contexts.some((context) => context.id === 0)) contexts.unshift({ id: 0, name: 'default', links: [] });
  const byId = (id: number) => contexts.find((context) => context.id === id) as ContextUse;
  byId(0).links.push('web/REST', 'SIP, Telnet, SSH unless set otherwise');
  const qoeName = readIniParameters(ini, ['QoETLSContextName']).QoETLSContextName ?? '';
  const qoe = qoeName === '' ? byId(0) : contexts.find((context) => sameName(context.name, qoeName));
  if (qoe !== undefined) qoe.links.push('QoE to OVOC');
  return contexts.sort((a, b) => a.id - b.id);
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
