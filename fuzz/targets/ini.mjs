// ini text both ways over loopback HTTPS: uploaded as an incremental ini to a simulated device
// (@certwright/device-sim parses it), and served by a fake device to the client's pre-flight
// (@certwright/device-push reads its parameters). A simulator that logs an internal error or drops
// the connection is a finding, as is a client that throws anything but a typed error.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { DeviceClient, mediantPreflight } from '@certwright/device-push';
import { startSimulator } from '@certwright/device-sim';
import { mutateText } from '../mutate-text.mjs';
import { pemBlocks } from '../pem.mjs';

const vectors = new URL('../../test-vectors/', import.meta.url);
const NO_RETRY = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

const SEEDS = [
  '; certwright device push\nAUPDVerifyCertificates = 1\nHTTPSRequireClientCertificate = 0\n',
  '[SYSTEM Params]\nAUPDVerifyCertificates = 1\nTLSPkeySize = 2048\n\n[ TLSContexts ]\nFORMAT TLSContexts_Index = TLSContexts_Name, TLSContexts_TLSVersion;\nTLSContexts 0 = "default", 0;\n[ \\TLSContexts ]\n',
  '[WEB Params]\nHTTPSRequireClientCertificate = \'1\' ; comment\nNTPServerIP = "192.0.2.123"\n',
];

export default {
  name: 'ini',
  defaultVariant: 'ini',
  async setup() {
    const simulator = await startSimulator({ devices: 1, seed: 1 });
    const device = simulator.devices[0];
    const internalErrors = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk, ...rest) => {
      if (String(chunk).startsWith('certwright-device-sim:')) internalErrors.push(String(chunk).trim());
      return write(chunk, ...rest);
    };
    const toSimulator = new DeviceClient({
      name: 'sim',
      host: device.host,
      port: device.port,
      username: 'Admin',
      password: 'Admin',
      trust: { caPem: simulator.factoryCaPem },
      retry: NO_RETRY,
    });
    const fake = await startFakeDevice();
    return { simulator, toSimulator, fake, internalErrors };
  },
  generate(_state, rng) {
    const seed = rng.pick(SEEDS);
    return { variant: 'ini', bytes: Buffer.from(mutateText(seed, rng, rng.pick(SEEDS)), 'utf8') };
  },
  async run(state, input) {
    const text = input.bytes.toString('utf8');
    state.internalErrors.length = 0;
    try {
      await state.toSimulator.putIniIncremental(text);
    } catch (error) {
      if (state.internalErrors.length > 0)
        throw new Error(`simulator internal error: ${state.internalErrors[0].slice(0, 200)}`);
      if (error?.code !== 'ERR_DEVICE_BAD_REQUEST') throw error;
    }
    state.fake.ini = text;
    const client = new DeviceClient({
      name: 'fake',
      host: '127.0.0.1',
      port: state.fake.port,
      username: 'Admin',
      password: 'Admin',
      trust: { pinsSha256: [state.fake.fingerprint] },
      retry: NO_RETRY,
    });
    try {
      await mediantPreflight(client, { tlsContext: 0, roots: 'add', mutual: false, allowReset: false });
    } finally {
      client.close();
    }
  },
  async teardown(state) {
    state.toSimulator.close();
    await state.simulator.close();
    await new Promise((resolve) => state.fake.server.close(resolve));
  },
};

/** A device that answers the pre-flight's reads, with the ini under test. */
async function startFakeDevice() {
  const certificatePem = readFileSync(new URL('chains/rsa-two-intermediates/server.crt', vectors), 'utf8');
  const keyPem = readFileSync(new URL('keys/test-rsa-2048.key', vectors), 'utf8');
  const fingerprint = createHash('sha256').update(pemBlocks(certificatePem)[0].der).digest('hex');
  const state = { ini: '', port: 0, fingerprint, server: undefined };
  const answers = {
    '/api/v1/status': () => JSON.stringify({ productType: 'Mediant SW', versionID: '7.40A.500', saveNeeded: false }),
    '/api/v1/files/tls/0/certificate': () => certificatePem,
    '/api/v1/files/tls/0/privateKey': () => JSON.stringify({ size: 2048, valid: true }),
    '/api/v1/files/tls/0/trustedRoot': () => certificatePem,
    '/api/v1/files/ini': () => state.ini,
  };
  state.server = createServer({ cert: certificatePem, key: keyPem }, (request, response) => {
    const answer = answers[request.url ?? ''];
    request.resume();
    response.writeHead(answer ? 200 : 404, {
      'content-type': request.url?.includes('ini') ? 'text/plain' : 'application/json',
    });
    response.end(answer ? answer() : '');
  });
  await new Promise((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.port = state.server.address().port;
  return state;
}
