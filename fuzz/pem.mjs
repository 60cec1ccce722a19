// PEM armour for the fuzzer: read the seeds' blocks, and wrap mutated DER again, sometimes with
// the armour itself varied (line length, CRLF, headers, BOM, text around, a mismatched END).

/** Every PEM block of a text: its label, headers text and DER. */
export function pemBlocks(text) {
  const blocks = [];
  const pattern = /-----BEGIN ([^-]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (const match of text.matchAll(pattern)) {
    const body = match[2];
    const split = body.lastIndexOf('\n\n');
    const headers = split >= 0 && body.includes(':') ? body.slice(0, split + 1) : '';
    const base64 = body.slice(headers.length).replace(/\s+/g, '');
    blocks.push({ label: match[1], headers, der: Buffer.from(base64, 'base64') });
  }
  return blocks;
}

/** One PEM block; `rng` (optional) varies the armour. */
export function encodePem(label, der, rng, headers = '') {
  const base64 = Buffer.from(der).toString('base64');
  if (rng === undefined || rng.chance(0.8))
    return `-----BEGIN ${label}-----\n${headers}${wrap(base64, 64)}-----END ${label}-----\n`;
  const width = rng.pick([64, 76, 1, 3, 65, 10_000]);
  const eol = rng.chance(0.5) ? '\r\n' : '\n';
  const end = rng.chance(0.9) ? label : rng.pick(['CERTIFICATE', 'PRIVATE KEY', 'X', '']);
  const before = rng.pick(['', '\ufeff', 'Bag Attributes\n    friendlyName: x\n', 'subject=CN = a\n', '  ']);
  const extraHeaders = rng.pick(['', 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n', 'X: y\n\n']);
  const body = wrap(base64, width).replaceAll('\n', eol);
  return `${before}-----BEGIN ${label}-----${eol}${headers || extraHeaders}${body}-----END ${end}-----${rng.chance(0.9) ? eol : ''}`;
}

function wrap(base64, width) {
  let out = '';
  for (let i = 0; i < base64.length; i += width) out += `${base64.slice(i, i + width)}\n`;
  return out;
}
