import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Board files made by the real openssl binary: a root, the board pair it issued, a client pair, and strays. */
export interface BoardFiles {
  rootPem: string;
  certificatePem: string;
  keyPem: string;
  /** The board key encrypted (PKCS#8, AES-256) with `keyPassword`. */
  encryptedKeyPem: string;
  keyPassword: string;
  /** A key that does not match the board certificate. */
  otherKeyPem: string;
  clientCertificatePem: string;
  clientKeyPem: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** Creates the files in a temp directory, reads them and removes it (RSA 2048, as devices use). */
export function makeBoardFiles(): BoardFiles {
  const dir = mkdtempSync(join(tmpdir(), 'cw-board-'));
  const ext = join(dir, 'ext.cnf');
  writeFileSync(
    ext,
    [
      '[ca]',
      'basicConstraints = critical, CA:TRUE',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      '[leaf]',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature, keyEncipherment',
      'extendedKeyUsage = serverAuth, clientAuth',
      'authorityKeyIdentifier = keyid',
      'subjectAltName = IP:127.0.0.1, DNS:localhost',
      '',
    ].join('\n'),
  );
  const rsa = (name: string) =>
    openssl(dir, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', name]);
  rsa('root.key');
  openssl(dir, [
    'req',
    '-x509',
    '-new',
    '-key',
    'root.key',
    '-subj',
    '/CN=Test OVOC Root',
    '-days',
    '3650',
    '-config',
    ext,
    '-extensions',
    'ca',
    '-out',
    'root.pem',
  ]);
  const leaf = (key: string, cn: string, out: string) => {
    rsa(key);
    openssl(dir, ['req', '-new', '-key', key, '-subj', `/CN=${cn}`, '-out', `${out}.csr`]);
    openssl(dir, [
      'x509',
      '-req',
      '-in',
      `${out}.csr`,
      '-CA',
      'root.pem',
      '-CAkey',
      'root.key',
      '-days',
      '825',
      '-extfile',
      ext,
      '-extensions',
      'leaf',
      '-out',
      out,
    ]);
  };
  leaf('board_pkey.pem', 'board', 'board_cert.pem');
  leaf('client.key', 'ovoc-client', 'client.pem');
  rsa('other.key');
  const keyPassword = 'board key password';
  writeFileSync(join(dir, 'pass.txt'), keyPassword);
  openssl(dir, [
    'pkcs8',
    '-topk8',
    '-in',
    'board_pkey.pem',
    '-v2',
    'aes-256-cbc',
    '-passout',
    'file:pass.txt',
    '-out',
    'board_pkey.enc.pem',
  ]);
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const files = {
    rootPem: read('root.pem'),
    certificatePem: read('board_cert.pem'),
    keyPem: read('board_pkey.pem'),
    encryptedKeyPem: read('board_pkey.enc.pem'),
    keyPassword,
    otherKeyPem: read('other.key'),
    clientCertificatePem: read('client.pem'),
    clientKeyPem: read('client.key'),
  };
  rmSync(dir, { recursive: true, force: true });
  return files;
}

/** A root, an intermediate it issued, and a leaf for 127.0.0.1 the intermediate issued (real openssl, RSA 2048). */
export interface ChainFiles {
  rootPem: string;
  intermediatePem: string;
  /** The leaf, then the intermediate: a board_cert.pem with its chain. */
  chainPem: string;
  keyPem: string;
}

export function makeChainFiles(): ChainFiles {
  const dir = mkdtempSync(join(tmpdir(), 'cw-chain-'));
  const ext = join(dir, 'ext.cnf');
  writeFileSync(
    ext,
    [
      '[ca]',
      'basicConstraints = critical, CA:TRUE',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      '[leaf]',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature, keyEncipherment',
      'extendedKeyUsage = serverAuth, clientAuth',
      'authorityKeyIdentifier = keyid',
      'subjectAltName = IP:127.0.0.1, DNS:localhost',
      '',
    ].join('\n'),
  );
  const rsa = (name: string) =>
    openssl(dir, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', name]);
  rsa('root.key');
  openssl(
    dir,
    ['req', '-x509', '-new', '-key', 'root.key', '-subj', '/CN=Chain Root', '-days', '3650'].concat([
      '-config',
      ext,
      '-extensions',
      'ca',
      '-out',
      'root.pem',
    ]),
  );
  const issue = (key: string, cn: string, out: string, issuer: string, issuerKey: string, section: string) => {
    rsa(key);
    openssl(dir, ['req', '-new', '-key', key, '-subj', `/CN=${cn}`, '-out', `${out}.csr`]);
    openssl(
      dir,
      ['x509', '-req', '-in', `${out}.csr`, '-CA', issuer, '-CAkey', issuerKey, '-days', '825'].concat([
        '-extfile',
        ext,
        '-extensions',
        section,
        '-out',
        out,
      ]),
    );
  };
  issue('ca1.key', 'Chain Intermediate', 'ca1.pem', 'root.pem', 'root.key', 'ca');
  issue('leaf.key', 'board', 'leaf.pem', 'ca1.pem', 'ca1.key', 'leaf');
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const files = {
    rootPem: read('root.pem'),
    intermediatePem: read('ca1.pem'),
    chainPem: read('leaf.pem') + read('ca1.pem'),
    keyPem: read('leaf.key'),
  };
  rmSync(dir, { recursive: true, force: true });
  return files;
}
