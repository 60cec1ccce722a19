import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/certwright.js', import.meta.url));

/** The committed bin shim, run as a user runs it, against the built code. */
describe('certwright executable', () => {
  it('--help exits 0 and lists the command groups', () => {
    const result = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/key/);
    expect(result.stdout).toMatch(/csr/);
    expect(result.stdout).toMatch(/EXIT CODES/);
  });

  it('--version prints the package version', () => {
    const result = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('a usage error exits 2 with a message on stderr', () => {
    const result = spawnSync(process.execPath, [bin, 'key', 'create'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--out/);
    expect(result.stdout).toBe('');
  });
});

describe('certwright in a pipeline', () => {
  it('exits quietly when the reader has closed the pipe', async () => {
    // The read end is closed before the CLI (100+ ms to start) writes anything, so its write fails with EPIPE.
    const child = spawn(process.execPath, [bin, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(status).toBe(0);
  });
});

describe('workspace executables', () => {
  it('package-lock.json records every workspace bin, so `npm ci` links certwright and certwright-device-sim', async () => {
    const { readFile } = await import('node:fs/promises');
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const lock = JSON.parse(await readFile(`${root}package-lock.json`, 'utf8'));
    for (const name of ['cli', 'device-push', 'device-sim', 'core']) {
      const manifest = JSON.parse(await readFile(`${root}packages/${name}/package.json`, 'utf8'));
      // npm writes the lockfile's paths without the leading `./` of package.json.
      const bins = Object.fromEntries(
        Object.entries((manifest.bin ?? {}) as Record<string, string>).map(([bin, path]) => [
          bin,
          path.replace(/^\.\//, ''),
        ]),
      );
      expect(lock.packages[`packages/${name}`]?.bin ?? {}).toEqual(bins);
    }
    expect(Object.keys(lock.packages['packages/device-sim'].bin)).toEqual(['certwright-device-sim']);
    expect(lock.packages['node_modules/@certwright/device-sim']).toMatchObject({ link: true });
  });
});
