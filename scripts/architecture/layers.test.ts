import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImportGraph } from './imports.mjs';
import { CORE_LAYERS, importCycles, layeringViolations, packageViolations } from './layers.mjs';

const rootDir = join(import.meta.dirname, '..', '..');
const packagesDir = join(rootDir, 'packages');
const node = (file: string, local: string[] = [], packages: string[] = []) => ({ file, local, packages });

describe('the layering checker', () => {
  it('reports an upward import and an import across one line, and accepts a downward one', () => {
    const graph = [
      node('asn1/der.ts', ['x509/name.ts']),
      node('csr/create.ts', ['pkcs7/pkcs7.ts', 'keys/types.ts', 'csr/types.ts']),
    ];
    const found = layeringViolations(graph, CORE_LAYERS);
    expect(found.map(({ file, target }) => `${file} -> ${target}`)).toEqual([
      'asn1/der.ts -> x509/name.ts',
      'csr/create.ts -> pkcs7/pkcs7.ts',
    ]);
  });

  it('reports a folder the layers do not place', () => {
    expect(layeringViolations([node('misc/thing.ts')], CORE_LAYERS)[0]?.reason).toContain('"misc"');
  });

  it('finds a cycle of three files and ignores a chain without one', () => {
    const looped = [node('a.ts', ['b.ts']), node('b.ts', ['c.ts']), node('c.ts', ['a.ts']), node('d.ts', ['a.ts'])];
    expect(importCycles(looped)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(importCycles([node('a.ts', ['b.ts']), node('b.ts', ['c.ts']), node('c.ts')])).toEqual([]);
  });

  it('reports a package importing one its rule does not allow', () => {
    const graph = [node('index.ts', [], ['@certwright/device-push', '@certwright/core', 'node:fs'])];
    expect(packageViolations('@certwright/core', graph).map(({ target }) => target)).toEqual([
      '@certwright/device-push',
    ]);
    expect(packageViolations('@certwright/device-push', graph)).toEqual([]);
  });
});

describe('the tree keeps the rules', () => {
  it('core: every import goes to its own folder or a lower one', () => {
    expect(layeringViolations(readImportGraph(join(packagesDir, 'core', 'src')), CORE_LAYERS)).toEqual([]);
  });

  // Every workspace of the root package.json, with its sources where its tsconfig's rootDir says:
  // a new package is checked without anyone adding it here.
  const workspaces = (JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as { workspaces: string[] })
    .workspaces;
  const sourcesOf = (workspace: string) => {
    const tsconfig = JSON.parse(readFileSync(join(rootDir, workspace, 'tsconfig.json'), 'utf8')) as {
      compilerOptions: { rootDir: string };
    };
    return join(rootDir, workspace, tsconfig.compilerOptions.rootDir);
  };

  it('checks every workspace, the CLI and deploy among them', () => {
    expect(workspaces).toEqual(expect.arrayContaining(['packages/core', 'packages/cli', 'packages/deploy']));
    for (const workspace of workspaces) expect(readImportGraph(sourcesOf(workspace)).length).toBeGreaterThan(0);
  });

  it.each(workspaces)('%s: imports only the workspace packages its rule allows', (workspace) => {
    const manifest = JSON.parse(readFileSync(join(rootDir, workspace, 'package.json'), 'utf8')) as { name: string };
    expect(packageViolations(manifest.name, readImportGraph(sourcesOf(workspace)))).toEqual([]);
  });

  it.each(workspaces)('%s: no import cycles', (workspace) => {
    expect(importCycles(readImportGraph(sourcesOf(workspace)))).toEqual([]);
  });
});
