import { randomBytes } from 'node:crypto';

/** One multipart/form-data part: the device API takes files in a part named `file`. */
export interface FormPart {
  name: string;
  value: string;
  /** Present for file parts. */
  filename?: string;
}

/** A multipart/form-data body and its Content-Type (with a random boundary no PEM can contain). */
export function multipartBody(parts: readonly FormPart[]): { body: Buffer; contentType: string } {
  const boundary = `certwright-${randomBytes(16).toString('hex')}`;
  const chunks: string[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const type = part.filename === undefined ? '' : '\r\nContent-Type: application/octet-stream';
    chunks.push(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}${type}\r\n\r\n`);
    chunks.push(part.value);
    chunks.push('\r\n');
  }
  chunks.push(`--${boundary}--\r\n`);
  return { body: Buffer.from(chunks.join(''), 'utf8'), contentType: `multipart/form-data; boundary=${boundary}` };
}
