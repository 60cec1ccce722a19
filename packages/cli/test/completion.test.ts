import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allNodes, commandTree } from '../src/completion/command-tree.js';
import { buildProgram } from '../src/program.js';
import { cli, tempDir } from './helpers.js';

// Issue 15: `certwright completion bash|zsh|fish`, derived from the command tree, tried in each shell.
const run = promisify(execFile);
let dir: string;
let cleanup: () => Promise<void>;
const scripts: Record<string, string> = {};

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  for (const shell of ['bash', 'zsh', 'fish']) {
    const result = await cli(dir, ['completion', shell]);
    expect(result.code, result.stderr).toBe(0);
    scripts[shell] = join(dir, `certwright.${shell}`);
    writeFileSync(scripts[shell], result.stdout);
  }
});
afterAll(async () => cleanup?.());

async function hasShell(shell: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${shell}`]);
    return true;
  } catch {
    return false;
  }
}
const zsh = await hasShell('zsh');
const fish = await hasShell('fish');

/** What bash's completion function offers for a command line whose last word is being typed. */
async function bashOffers(...words: string[]): Promise<string[]> {
  const script = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _certwright; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout } = await run('bash', ['--norc', '-c', script, 'bash', scripts.bash as string, ...words]);
  return stdout.split('\n').filter((line) => line !== '');
}

describe('certwright completion bash', () => {
  it('registers a completion function for certwright', async () => {
    const { stdout } = await run('bash', [
      '--norc',
      '-c',
      'source "$1"; complete -p certwright',
      'bash',
      scripts.bash as string,
    ]);
    expect(stdout.trim()).toBe('complete -o default -F _certwright certwright');
  });

  it('completes a subcommand', async () => {
    expect(await bashOffers('certwright', 'ke')).toEqual(['key', 'keystore']);
    expect(await bashOffers('certwright', 'device', 'pu')).toEqual(['push']);
  });

  it('completes an option of the command typed so far', async () => {
    expect(await bashOffers('certwright', 'key', 'create', '--ou')).toEqual(['--out']);
    expect(await bashOffers('certwright', 'chain', 'verify', '--untr')).toEqual(['--untrusted']);
  });

  it("completes an option's choices and the completion command's shells", async () => {
    expect(await bashOffers('certwright', 'key', 'create', '--type', '')).toEqual(['rsa', 'ec', 'ed25519']);
    expect(await bashOffers('certwright', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
  });

  it('offers nothing of its own where a file name goes (bash then completes file names)', async () => {
    expect(await bashOffers('certwright', 'device', 'push', '--inventory', '')).toEqual([]);
    expect(await bashOffers('certwright', 'inspect', '')).toEqual([]);
  });

  it('knows every command and every option of the program', async () => {
    const text = (await cli(dir, ['completion', 'bash'])).stdout;
    for (const node of allNodes(commandTree(buildProgram({ run: async () => undefined }, '0.0.0')))) {
      expect(text).toContain(`"${node.path.join(' ')}")`);
      const offered = new RegExp(`"${node.path.join(' ')}"\\) subcommands="[^"]*"; options="([^"]*)"`).exec(text)?.[1];
      const flags = node.options.flatMap((option) => option.flags);
      expect(offered?.split(' ').sort()).toEqual(flags.sort());
    }
  });
});

describe.skipIf(!zsh)('certwright completion zsh (needs zsh)', () => {
  /** The script's offers, with compsys's compadd, _describe and _files replaced by printers. */
  async function zshOffers(...words: string[]): Promise<string[]> {
    const script = `
      compdef() { :; }
      _describe() { local arr=\${@[-1]}; print -rl -- "\${(@P)arr}"; }
      compadd() { if [[ $1 == -a ]]; then print -rl -- "\${(@P)2}"; else [[ $1 == -- ]] && shift; print -rl -- "$@"; fi; }
      _files() { print -r -- '<files>'; }
      source "$1"; shift
      words=("$@"); CURRENT=$#; PREFIX=\${words[-1]}
      _certwright`;
    const { stdout } = await run('zsh', ['-f', '-c', script, 'zsh', scripts.zsh as string, ...words]);
    return stdout.split('\n').filter((line) => line !== '');
  }

  it('parses', async () => {
    await expect(run('zsh', ['-n', scripts.zsh as string])).resolves.toBeDefined();
  });

  it('offers subcommands and options with descriptions, choices, and files where a file goes', async () => {
    expect(await zshOffers('certwright', 'ke')).toContain('key:private keys (workflow step 1)');
    expect(await zshOffers('certwright', 'key', 'create', '--ty')).toContain('--type:key type');
    expect(await zshOffers('certwright', 'key', 'create', '--type', '')).toEqual(['rsa', 'ec', 'ed25519']);
    expect(await zshOffers('certwright', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(await zshOffers('certwright', 'device', 'push', '--inventory', '')).toEqual(['<files>']);
  });
});

describe.skipIf(!fish)('certwright completion fish (needs fish)', () => {
  /** fish's own completion of a command line (`complete -C`), the script loaded. */
  async function fishOffers(line: string): Promise<string[]> {
    const { stdout } = await run('fish', [
      '--no-config',
      '-c',
      'source $argv[1]; complete -C $argv[2]',
      scripts.fish as string,
      line,
    ]);
    return stdout
      .split('\n')
      .filter((entry) => entry !== '')
      .map((entry) => entry.split('\t')[0] as string);
  }

  it('completes subcommands, options and choices', async () => {
    expect(await fishOffers('certwright ke')).toEqual(['key', 'keystore']);
    expect(await fishOffers('certwright key create --ty')).toEqual(['--type']);
    expect((await fishOffers('certwright key create --type ')).sort()).toEqual(['ec', 'ed25519', 'rsa']);
    expect((await fishOffers('certwright completion ')).sort()).toEqual(['bash', 'fish', 'zsh']);
  });
});

describe('certwright completion, refused', () => {
  it('names the shells it knows (exit 2)', async () => {
    const result = await cli(dir, ['completion', 'powershell']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bash, zsh, fish/);
  });
});
