import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { timeProcess } from './timing.mjs';

const run = promisify(execFile);
const PASSWORD = 'bench-store-pass';

/** Whole-process milliseconds: `certwright truststore create --format jks` vs one `keytool -importcert` per root. */
export async function measureJksStore(cli, roots) {
  const out = join(roots.dir, 'ours.jks');
  const ours = await timeProcess([
    'node',
    cli,
    'truststore',
    'create',
    '--format',
    'jks',
    '--out',
    out,
    '--force',
    '--storepass-file',
    roots.passFile,
    ...roots.files,
  ]);
  const theirs = join(roots.dir, 'keytool.jks');
  await rm(theirs, { force: true });
  const started = performance.now();
  for (const [index, file] of roots.files.entries()) {
    await run('keytool', [
      '-importcert',
      '-noprompt',
      '-trustcacerts',
      '-storetype',
      'JKS',
      '-keystore',
      theirs,
      '-storepass',
      PASSWORD,
      '-alias',
      `root-${index}`,
      '-file',
      file,
    ]);
  }
  const reference = performance.now() - started;
  return { ours, reference, ratio: ours / reference, unit: 'ms' };
}

/** Whole-process milliseconds: `certwright truststore create --format p12` vs `openssl pkcs12 -export -nokeys`. */
export async function measurePkcs12Store(cli, roots) {
  const ours = [
    'node',
    cli,
    'truststore',
    'create',
    '--format',
    'p12',
    '--out',
    join(roots.dir, 'ours.p12'),
    '--force',
    '--storepass-file',
    roots.passFile,
    roots.bundle,
  ];
  const theirs = [
    'openssl',
    'pkcs12',
    '-export',
    '-nokeys',
    '-in',
    roots.bundle,
    '-out',
    join(roots.dir, 'openssl.p12'),
    '-passout',
    `file:${roots.passFile}`,
  ];
  const times = { ours: [], theirs: [] };
  for (let i = 0; i < 5; i++) {
    times.ours.push(await timeProcess(ours));
    times.theirs.push(await timeProcess(theirs));
  }
  const median = (values) => [...values].sort((a, b) => a - b)[2];
  return {
    ours: median(times.ours),
    reference: median(times.theirs),
    ratio: median(times.ours) / median(times.theirs),
    unit: 'ms',
  };
}
