import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  homepage?: string;
  repository?: { type: string; url: string; directory?: string };
  bugs?: { url: string };
  engines?: { node?: string };
  main?: string;
  types?: string;
  exports?: Record<string, unknown>;
  bin?: Record<string, string>;
  files?: string[];
}

export interface PublishedPackage {
  /** The folder under the repository, e.g. `packages/core`. */
  dir: string;
  json: PackageJson;
}

/** Every workspace package that npm would publish (not `private`), so a new package is checked as soon as it joins. */
export function publishedPackages(): PublishedPackage[] {
  const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] };
  return root.workspaces
    .filter((dir) => existsSync(join(repoRoot, dir, 'package.json')))
    .map((dir) => ({ dir, json: JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as PackageJson }))
    .filter((pkg) => pkg.json.private !== true && pkg.dir.startsWith('packages/'));
}

/** The paths `npm pack` would put in the tarball (from the current build). */
export async function packedFiles(dir: string): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: join(repoRoot, dir),
    maxBuffer: 32 * 1024 * 1024,
  });
  const [report] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
  return (report?.files ?? []).map((file) => file.path).sort();
}

/** Packs `dir` into `destination`; returns the tarball's path. */
export async function pack(dir: string, destination: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
    cwd: join(repoRoot, dir),
    maxBuffer: 32 * 1024 * 1024,
  });
  const [report] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (!report) throw new Error(`npm pack ${dir} reported nothing`);
  return join(destination, report.filename);
}
