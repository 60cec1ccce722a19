// The packages as npm users get them: the packed tarballs of core, device-push and cli installed into
// a CommonJS project (plain JS and TypeScript, run with require(esm) switched off as on Node 20 before
// 20.19) and into an ES module project, each running key → CSR → lab CA → validate the chain.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pack, repoRoot } from './published-packages.js';

const run = promisify(execFile);
// scan and deploy too: the CLI depends on them (certwright scan; install, rotate, workflow), so a consumer
// cannot install the CLI without them.
const INSTALLED = ['packages/core', 'packages/device-push', 'packages/scan', 'packages/deploy', 'packages/cli'];

let base: string;
const tarballs: Record<string, string> = {};

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'certwright-consumers-'));
  await mkdir(join(base, 'tarballs'));
  for (const dir of INSTALLED) tarballs[`@certwright/${dir.split('/')[1]}`] = await pack(dir, join(base, 'tarballs'));
});

afterAll(async () => {
  if (base) await rm(base, { recursive: true, force: true });
});

/** A project that depends on the three tarballs, installed from npm's cache where it can. */
async function consumerProject(
  name: string,
  type: 'commonjs' | 'module',
  files: Record<string, string>,
): Promise<string> {
  const dir = join(base, name);
  await mkdir(dir);
  const dependencies = Object.fromEntries(Object.entries(tarballs).map(([pkg, file]) => [pkg, `file:${file}`]));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, private: true, type, dependencies }, null, 2));
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  return dir;
}

async function node(dir: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, args, { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** The program body both module systems run once the three packages are loaded. */
const PROGRAM_BODY = `
  const key = await core.generateKey({ type: 'ec', curve: 'P-256' });
  const csr = await core.createCsr({
    key,
    subject: { cn: 'ovoc.example.com', o: 'Example Corp', c: 'US' },
    sans: [{ type: 'dns', value: 'ovoc.example.com' }],
  });
  const ca = await core.createLabCa({ intermediates: 2 });
  const issuer = ca.intermediates[1];
  const server = await core.signCsr({ csr: csr.pem, issuerCertificate: issuer.certificatePem, issuerKey: issuer.key });
  const result = core.validateChain({
    leaf: server.pem,
    intermediates: ca.intermediates.map((member) => member.certificatePem),
    trustAnchors: [ca.root.certificatePem],
    purpose: 'server',
    hostname: 'ovoc.example.com',
  });
  console.log(JSON.stringify({
    valid: result.valid,
    pathLength: result.path.length,
    problems: result.problems.map((problem) => problem.code),
    deviceClient: typeof devicePush.DeviceClient,
    runCli: typeof cli.runCli,
  }));
`;

const EXPECTED = { valid: true, pathLength: 4, problems: [], deviceClient: 'function', runCli: 'function' };

const CJS_PROGRAM = `'use strict';
const core = require('@certwright/core');
const devicePush = require('@certwright/device-push');
const cli = require('@certwright/cli');
async function main() {${PROGRAM_BODY}}
main().catch((error) => { console.error(error); process.exitCode = 1; });
`;

const TS_PROGRAM = `import core = require('@certwright/core');
import devicePush = require('@certwright/device-push');
import cli = require('@certwright/cli');
import type { ChainValidationResult } from '@certwright/core';

async function main(): Promise<void> {${PROGRAM_BODY}
  const typed: ChainValidationResult = result;
  void typed;
}
main().catch((error: unknown) => { console.error(error); process.exitCode = 1; });
`;

const TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    strict: true,
    skipLibCheck: false,
    types: ['node'],
    typeRoots: [join(repoRoot, 'node_modules/@types')],
    outDir: 'out',
  },
  files: ['program.ts'],
};

const ESM_PROGRAM = `import * as core from '@certwright/core';
import * as devicePush from '@certwright/device-push';
import * as cli from '@certwright/cli';
${PROGRAM_BODY}`;

describe('a CommonJS project', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await consumerProject('cjs-consumer', 'commonjs', {
      'program.js': CJS_PROGRAM,
      'program.ts': TS_PROGRAM,
      'tsconfig.json': JSON.stringify(TSCONFIG, null, 2),
    });
  });

  test('require()s the three packages with require(esm) off and validates the chain it made', async () => {
    const stdout = await node(dir, ['--no-experimental-require-module', 'program.js']);
    expect(JSON.parse(stdout)).toEqual(EXPECTED);
  });

  test('in TypeScript: type-checks against the CommonJS declarations, compiles to require(), and runs', async () => {
    await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: dir,
    });
    const stdout = await node(dir, ['--no-experimental-require-module', 'out/program.js']);
    expect(JSON.parse(stdout)).toEqual(EXPECTED);
  });

  test('the installed certwright command runs', async () => {
    const stdout = await node(dir, ['node_modules/@certwright/cli/bin/certwright.js', '--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('an ES module project', () => {
  test('imports the three packages and validates the chain it made', async () => {
    const dir = await consumerProject('esm-consumer', 'module', { 'program.js': ESM_PROGRAM });
    const stdout = await node(dir, ['program.js']);
    expect(JSON.parse(stdout)).toEqual(EXPECTED);
  });
});
