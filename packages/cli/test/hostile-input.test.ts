// Issue 16, the CLI side: a failing `import --force` leaves the previous set whole and no temp file;
// a FIFO or /dev/zero as an input or a secret cannot block or grow memory; names from input files
// are escaped on the terminal; the option parser never echoes a `--secret=VALUE`; the reload
// command does not inherit the passphrase variable.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCertBag, encodePfx } from '../../core/src/pkcs12/write.js';
import { recoverFileSet, swapFileSet } from '../../deploy/src/files/file-set-swap.js';
import { cli, openssl, tempDir } from './helpers.js';

const vectors = fileURLToPath(new URL('../../../test-vectors/', import.meta.url));
const bin = fileURLToPath(new URL('../bin/certwright.js', import.meta.url));
const rsa = join(vectors, 'chains', 'rsa-two-intermediates');
const rsaOne = join(vectors, 'chains', 'rsa-one-intermediate');
const AT = ['--at', '2030-06-01T00:00:00Z'];

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

const listing = async (path: string) => (await readdir(path)).sort();
const contents = async (path: string, names: readonly string[]) =>
  Promise.all(names.map((name) => readFile(join(path, name), 'utf8')));

describe('import --force replaces the set as a whole', () => {
  it('a target that cannot be replaced (a directory at ca2.crt) changes nothing and leaves no temp file', async () => {
    const out = join(dir, 'set-dir-in-the-way');
    await mkdir(out);
    for (const name of ['root.crt', 'ca1.crt', 'server.crt']) await copyFile(join(rsaOne, name), join(out, name));
    await mkdir(join(out, 'ca2.crt'));
    await writeFile(join(out, 'ca2.crt', 'keep'), 'x');
    const before = await contents(out, ['root.crt', 'ca1.crt', 'server.crt']);
    const files = ['server.crt', 'ca2.crt', 'ca1.crt', 'root.crt'].map((name) => join(rsa, name));
    const result = await cli(dir, ['import', ...files, '--out-dir', out, '--force', ...AT, '--json']);
    expect(result.code, result.stdout).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_OUTPUT_UNWRITABLE');
    expect(await listing(out)).toEqual(['ca1.crt', 'ca2.crt', 'root.crt', 'server.crt']);
    expect(await contents(out, ['root.crt', 'ca1.crt', 'server.crt'])).toEqual(before);
  });

  // Every step of the swap fails in turn: the previous files are back and nothing else is left.
  it('a failure at any step of the swap puts every previous file back and removes every staged one', async () => {
    const out = join(dir, 'swap-steps');
    await mkdir(out);
    const previous = { 'a.crt': 'old a', 'b.key': 'old b', 'stale.crt': 'old stale' };
    const steps: string[] = [];
    const run = (onStep: (step: string) => void) =>
      swapFileSet(
        [
          { target: join(out, 'a.crt'), label: 'a.crt', data: 'new a', mode: 0o644 },
          { target: join(out, 'b.key'), label: 'b.key', data: 'new b', mode: 0o600 },
          { target: join(out, 'c.crt'), label: 'c.crt', data: 'new c', mode: 0o644 },
        ],
        [{ target: join(out, 'stale.crt'), label: 'stale.crt' }],
        true,
        onStep,
      );
    for (const [name, data] of Object.entries(previous)) await writeFile(join(out, name), data);
    await run((step) => void steps.push(step));
    expect(await listing(out)).toEqual(['a.crt', 'b.key', 'c.crt']);
    for (const failAt of steps) {
      await rm(out, { recursive: true });
      await mkdir(out);
      for (const [name, data] of Object.entries(previous)) await writeFile(join(out, name), data);
      const failure = run((step) => {
        if (step === failAt) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      });
      await expect(failure, failAt).rejects.toMatchObject({ code: 'ERR_OUTPUT_UNWRITABLE' });
      expect(await listing(out), failAt).toEqual(['a.crt', 'b.key', 'stale.crt']);
      expect(await contents(out, ['a.crt', 'b.key', 'stale.crt']), failAt).toEqual(Object.values(previous));
    }
  });

  it('a process killed part-way leaves a journal the next write rolls back first', async () => {
    const out = join(dir, 'swap-killed');
    await mkdir(out);
    await writeFile(join(out, 'a.crt'), 'old a');
    await writeFile(join(out, 'b.crt'), 'old b');
    // A step that never returns leaves the files exactly as a kill at that moment would.
    void swapFileSet(
      [
        { target: join(out, 'a.crt'), label: 'a.crt', data: 'new a', mode: 0o644 },
        { target: join(out, 'b.crt'), label: 'b.crt', data: 'new b', mode: 0o644 },
      ],
      [],
      true,
      (step) => (step === 'b.crt moved aside' ? new Promise<void>(() => undefined) : undefined),
    );
    await expect.poll(async () => existsSync(join(out, 'b.crt'))).toBe(false);
    expect(await readFile(join(out, 'a.crt'), 'utf8')).toBe('new a');
    await recoverFileSet(out);
    expect(await listing(out)).toEqual(['a.crt', 'b.crt']);
    expect(await contents(out, ['a.crt', 'b.crt'])).toEqual(['old a', 'old b']);
  });
});

describe('inputs that are not regular files', () => {
  it('a FIFO as an input is refused at once, without blocking', async () => {
    const fifo = join(dir, 'input.fifo');
    execFileSync('mkfifo', [fifo]);
    const result = await cli(dir, ['inspect', fifo, '--json']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.message).toMatch(/is not a regular file/);
  });

  it('/dev/zero as an input or as --passphrase-file is refused, not read forever', async () => {
    const input = await cli(dir, ['inspect', '/dev/zero', '--json']);
    expect(input.code).toBe(3);
    expect(JSON.parse(input.stdout).error.message).toMatch(/^\/dev\/zero: is not a regular file/);
    const key = join(dir, 'encrypted.key');
    await copyFile(join(vectors, 'keys', 'test-ec-p256-encrypted.key'), key);
    const secret = await cli(dir, ['inspect', key, '--passphrase-file', '/dev/zero', '--json']);
    expect(secret.code).toBe(3);
    expect(JSON.parse(secret.stdout).error.message).toMatch(/\/dev\/zero: is not a regular file/);
  });

  it('--passphrase-fd on an endless descriptor stops after 64 KiB without a line end', async () => {
    const key = join(dir, 'encrypted-fd.key');
    await copyFile(join(vectors, 'keys', 'test-ec-p256-encrypted.key'), key);
    const child = spawn(process.execPath, [bin, 'inspect', key, '--passphrase-fd', '3', '--json'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const feed = child.stdio[3] as NodeJS.WritableStream;
    const block = Buffer.alloc(16 * 1024, 0x41);
    const pump = () => {
      while (feed.write(block)) {
        // keep the pipe full until the reader stops
      }
    };
    feed.on('drain', pump);
    feed.on('error', () => undefined);
    pump();
    let stdout = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(2);
    expect(JSON.parse(stdout).error.message).toMatch(/more than 64 KiB without a line end/);
  });
});

describe('what reaches the terminal', () => {
  it('a PKCS#12 friendly name with escape sequences is printed escaped (JSON keeps it whole)', async () => {
    const work = join(dir, 'p12-name');
    await mkdir(work);
    await copyFile(join(rsa, 'root.crt'), join(work, 'root.crt'));
    const hostile = '\u001b[2J\u001b[Hall checks passed\u202e';
    await openssl(work, [
      'pkcs12',
      '-export',
      '-nokeys',
      '-in',
      'root.crt',
      '-caname',
      hostile,
      '-passout',
      'pass:x',
      '-out',
      'named.p12',
    ]);
    await writeFile(join(work, 'pass.txt'), 'x\n');
    const human = await cli(work, ['inspect', 'named.p12', '--storepass-file', 'pass.txt']);
    expect(human.code, human.stderr).toBe(0);
    for (const raw of [0x1b, 0x202e]) expect(human.stdout).not.toContain(String.fromCharCode(raw));
    expect(human.stdout).toContain('\\u001b[2J\\u001b[Hall checks passed\\u202e');
    const json = await cli(work, ['inspect', 'named.p12', '--storepass-file', 'pass.txt', '--json']);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain(JSON.stringify(hostile));
  });

  it('a friendly name with a line separator and a lone surrogate is printed escaped by inspect and truststore list', async () => {
    // OpenSSL's -caname cannot carry a lone surrogate (argv is UTF-8): the bag is written with
    // core's own PKCS#12 writer, whose BMPString keeps UTF-16 code units as they are.
    const work = join(dir, 'p12-separator');
    await mkdir(work);
    const der = (await readFile(join(rsa, 'root.crt'), 'utf8'))
      .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
      .replace(/\s+/g, '');
    const hostile = 'line\u2028para\u2029half\ud800end';
    const bag = encodeCertBag(Buffer.from(der, 'base64'), { friendlyName: hostile, trusted: true });
    await writeFile(join(work, 'named.p12'), await encodePfx([bag], [], 'x', 'modern'));
    await writeFile(join(work, 'pass.txt'), 'x\n');
    const shown = 'line\\u2028para\\u2029half\\ud800end';
    const human = await cli(work, ['inspect', 'named.p12', '--storepass-file', 'pass.txt']);
    expect(human.code, human.stderr).toBe(0);
    for (const raw of ['\u2028', '\u2029', '\ud800']) expect(human.stdout).not.toContain(raw);
    expect(human.stdout).toContain(shown);
    const listed = await cli(work, ['truststore', 'list', 'named.p12', '--storepass-file', 'pass.txt']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`${shown}  certificate  CN=`);
    const json = await cli(work, ['truststore', 'list', 'named.p12', '--storepass-file', 'pass.txt', '--json']);
    expect(JSON.parse(json.stdout).entries[0].alias).toBe(hostile);
  });

  it('the option parser does not echo a value written as --option=VALUE', async () => {
    for (const argv of [
      ['inspect', '--passphrase=hunter2', 'x'],
      ['--storepass=hunter2'],
      ['inspect', 'x', '--passphrase-fil=hunter2'],
    ]) {
      const result = await cli(dir, argv);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toContain('hunter2');
      expect(result.stderr).toMatch(/unknown option '--[a-z-]+=…'/);
    }
  });
});

describe('the reload command', () => {
  it('runs without the variable that held the key passphrase (--passphrase-env)', async () => {
    const set = join(dir, 'reload-set');
    await mkdir(set);
    for (const name of ['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt'])
      await copyFile(join(rsa, name), join(set, name));
    const result = await cli(
      dir,
      [
        'install',
        '--target',
        join(dir, 'reload-target'),
        '--dir',
        set,
        '--key',
        join(vectors, 'keys', 'test-rsa-2048.key'),
        '--passphrase-env',
        'CW_KEY_PASSPHRASE',
        '--reload-cmd',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, for the shell to read
        'test -z "${CW_KEY_PASSPHRASE+set}" || { echo "the passphrase variable reached the reload command"; exit 7; }',
        ...AT,
        '--json',
      ],
      { CW_KEY_PASSPHRASE: 'not-needed-but-set', PATH: process.env.PATH },
    );
    expect(result.code, result.stdout).toBe(0);
  });
});
