// multipart/form-data, as far as the device reads it: named parts, their bytes, nothing streamed.

export interface FormPart {
  name: string;
  filename?: string;
  data: Buffer;
}

/** The parts of a multipart/form-data body; undefined when the content type or the body is not multipart. */
export function parseMultipart(contentType: string | undefined, body: Buffer): FormPart[] | undefined {
  const boundary = /^multipart\/form-data\s*;.*?boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return undefined;
  const delimiter = Buffer.from(`--${marker}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  if (start < 0) return undefined;
  while (start >= 0) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') return parts;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next < 0) return undefined;
    const part = readPart(body.subarray(afterDelimiter, next));
    if (!part) return undefined;
    parts.push(part);
    start = next;
  }
  return parts;
}

/** One part between delimiters: CRLF, headers, blank line, data, CRLF. */
function readPart(raw: Buffer): FormPart | undefined {
  const headerEnd = raw.indexOf('\r\n\r\n');
  if (headerEnd < 0) return undefined;
  const headers = raw.subarray(0, headerEnd).toString('utf8');
  const disposition = /content-disposition:\s*form-data\s*;([^\r\n]*)/i.exec(headers);
  const name = disposition ? /\bname="([^"]*)"/i.exec(disposition[1] ?? '') : null;
  if (!name) return undefined;
  const filename = /\bfilename="([^"]*)"/i.exec(disposition?.[1] ?? '');
  let data = raw.subarray(headerEnd + 4);
  if (data.subarray(data.length - 2).toString() === '\r\n') data = data.subarray(0, data.length - 2);
  return { name: name[1] ?? '', ...(filename ? { filename: filename[1] } : {}), data: Buffer.from(data) };
}
