import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImportGraph } from './imports.mjs';
import { CORE_LAYERS, importCycles, layeringViolations, packageViolations } from './layers.mjs';

const packagesDir = join(import.meta.dirname, '..', '..', 'packages');
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

  const packages = ['core', 'device-push', 'device-sim', 'scan', 'deploy', 'cli'].filter(
    (name) => existsSync(join(packagesDir, name, 'src')) && existsSync(join(packagesDir, name, 'package.json')),
  );
  it.each(packages)('%s: imports only the workspace packages its rule allows', (name) => {
    const manifest = JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8')) as { name: string };
    expect(packageViolations(manifest.name, readImportGraph(join(packagesDir, name, 'src')))).toEqual([]);
  });

  it.each(packages)('%s: no import cycles', (name) => {
    expect(importCycles(readImportGraph(join(packagesDir, name, 'src')))).toEqual([]);
  });
});
