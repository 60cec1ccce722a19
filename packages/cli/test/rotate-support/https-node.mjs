// A stand-in for a node's HTTPS service in the rotate tests: serves the set installed in a
// target directory (server.crt with its intermediates, server.key) on 127.0.0.1.
// Usage: node https-node.mjs <target-dir> <port> <pid-file>
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { join } from 'node:path';

const [target, port, pidFile] = process.argv.slice(2);
const read = (name) => {
  try {
    return readFileSync(join(target, name), 'utf8');
  } catch {
    return '';
  }
};
const server = createServer(
  { key: read('server.key'), cert: read('server.crt') + read('ca2.crt') + read('ca1.crt') },
  (_request, response) => response.end('ok\n'),
);
server.listen(Number(port), '127.0.0.1', () => writeFileSync(pidFile, `${process.pid}\n`));
