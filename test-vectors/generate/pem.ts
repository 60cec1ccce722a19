/** PEM text for DER bytes, 64 characters a line, as OpenSSL writes it. */
export function toPem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The DER of the first PEM block in the text. */
export function fromPem(text: string): Uint8Array {
  const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!match?.[2]) throw new Error('no PEM block found');
  return new Uint8Array(Buffer.from(match[2].replace(/\s+/g, ''), 'base64'));
}
