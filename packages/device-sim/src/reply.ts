// What a route answers, built before anything is sent: a power-loss fault applies a request and then
// drops the answer, so routes never write to the socket themselves.

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Runs once the answer is sent (a reset the request asked for). */
  after?: () => void;
}

export function jsonReply(status: number, value: unknown): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(value)),
  };
}

/** The one-field JSON answer a device gives on success and on error. */
export function describe(status: number, description: string): Reply {
  return jsonReply(status, { description });
}

/** A file download: the device sends every file as application/octet-stream. */
export function fileReply(content: string): Reply {
  return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(content) };
}

export function emptyReply(status: number): Reply {
  return { status, headers: {}, body: Buffer.alloc(0) };
}

export const HA_SYNC_DESCRIPTION = 'Device is currently performing HA synchronization';
