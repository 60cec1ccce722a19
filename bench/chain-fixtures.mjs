// Four-certificate RSA-2048 chains (root → ca1 → ca2 → leaf) made with the real openssl binary,
// for the chain-validation rows. Keys are shared (distinct chains differ in every certificate,
// which is what a validator caches by). Made afresh each run, valid for 20 years from now.
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** When the chains are validated: an hour after they were made (OpenSSL 3.0's x509 has only -days). */
export const CHAIN_TIME = new Date(Date.now() + 60 * 60 * 1000);
const DAYS = '7300';

const CA_EXTENSIONS =
  'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';
const LEAF_EXTENSIONS =
  'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:ovoc.example.com\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';

async function openssl(dir, args) {
  await run('openssl', args, { cwd: dir });
}

async function makeKeys(dir) {
  await Promise.all(
    ['root', 'ca1', 'ca2', 'leaf'].map((name) =>
      openssl(dir, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`]),
    ),
  );
  await writeFile(join(dir, 'ca.ext'), CA_EXTENSIONS);
  await writeFile(join(dir, 'leaf.ext'), LEAF_EXTENSIONS);
}

/** One certificate signed by `issuer` (or self-signed when issuer is undefined). */
async function issue(dir, { name, keyName, subject, issuer, extensions, serial }) {
  await openssl(dir, ['req', '-new', '-key', `${keyName}.key`, '-subj', subject, '-out', `${name}.csr`]);
  const signer = issuer
    ? ['-CA', `${issuer.name}.pem`, '-CAkey', `${issuer.keyName}.key`]
    : ['-signkey', `${keyName}.key`];
  const validity = ['-set_serial', String(serial), '-days', DAYS, '-extfile', extensions];
  await openssl(dir, ['x509', '-req', '-in', `${name}.csr`, ...signer, ...validity, '-out', `${name}.pem`]);
}

/** A full chain whose every certificate carries `tag` in its name. */
async function makeChain(dir, tag, serial) {
  const root = { name: `root-${tag}`, keyName: 'root' };
  const ca1 = { name: `ca1-${tag}`, keyName: 'ca1' };
  const ca2 = { name: `ca2-${tag}`, keyName: 'ca2' };
  await issue(dir, { ...root, subject: `/CN=Bench Root ${tag}`, extensions: 'ca.ext', serial });
  await issue(dir, { ...ca1, subject: `/CN=Bench CA1 ${tag}`, issuer: root, extensions: 'ca.ext', serial });
  await issue(dir, { ...ca2, subject: `/CN=Bench CA2 ${tag}`, issuer: ca1, extensions: 'ca.ext', serial });
  return { root, ca1, ca2 };
}

async function makeLeaf(dir, issuer, tag, serial) {
  const name = `leaf-${tag}`;
  await issue(dir, {
    name,
    keyName: 'leaf',
    subject: `/CN=ovoc.example.com/OU=${tag}`,
    issuer,
    extensions: 'leaf.ext',
    serial,
  });
  return name;
}

/**
 * `count` chains, as PEM file names and PEM texts, in two shapes: `shared` (one root, ca1, ca2;
 * distinct leaves) and `distinct` (every certificate different).
 */
export async function makeChainFixtures(work, count) {
  const dir = join(work, 'chains');
  await mkdir(dir, { recursive: true });
  await makeKeys(dir);
  const sharedCas = await makeChain(dir, 'shared', 1);
  const shared = [];
  for (let i = 0; i < count; i++) {
    shared.push({ ...sharedCas, leaf: await makeLeaf(dir, sharedCas.ca2, `s${i}`, 1000 + i) });
  }
  const distinct = [];
  for (let i = 0; i < count; i++) {
    const cas = await makeChain(dir, `d${i}`, 2000 + i);
    distinct.push({ ...cas, leaf: await makeLeaf(dir, cas.ca2, `d${i}`, 3000 + i) });
  }
  const pem = async (name) => readFile(join(dir, `${name}.pem`), 'utf8');
  const load = async (chain) => ({
    files: {
      root: `${chain.root.name}.pem`,
      ca1: `${chain.ca1.name}.pem`,
      ca2: `${chain.ca2.name}.pem`,
      leaf: `${chain.leaf}.pem`,
    },
    root: await pem(chain.root.name),
    ca1: await pem(chain.ca1.name),
    ca2: await pem(chain.ca2.name),
    leaf: await pem(chain.leaf),
  });
  return { dir, shared: await Promise.all(shared.map(load)), distinct: await Promise.all(distinct.map(load)) };
}
