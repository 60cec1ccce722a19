// The import rules of the monorepo, as data, and the checks that apply them. docs/architecture.md
// explains each layer; scripts/architecture/layers.test.ts runs the checks on the tree.

/**
 * The folders of packages/core/src from the bottom up: a file may import from its own folder and
 * from folders on lower lines, never from its own line's other folders or from higher lines.
 * `errors.ts` and `index.ts` are files at the top of src; index.ts (the public entry) sits above all.
 */
export const CORE_LAYERS = [
  ['error-codes'],
  ['errors.ts', 'lib'],
  ['asn1'],
  ['keys'],
  ['x509'],
  ['csr', 'pkcs7'],
  ['pkcs12', 'jks'],
  ['chain', 'formats'],
  ['ca', 'truststore', 'server-set', 'install'],
  ['index.ts'],
];

/** Which workspace packages each package may import (`@certwright/…` names). */
export const PACKAGE_DEPENDENCIES = {
  '@certwright/core': [],
  '@certwright/device-sim': [],
  '@certwright/device-push': ['@certwright/core'],
  '@certwright/deploy': ['@certwright/core'],
  '@certwright/scan': ['@certwright/core'],
  '@certwright/cli': ['@certwright/core', '@certwright/device-push', '@certwright/deploy', '@certwright/scan'],
  '@certwright/test-vectors': ['@certwright/core'],
};

/** The top folder (or top-level file) a path relative to src belongs to. */
function unitOf(path) {
  return path.split('/')[0];
}

/**
 * Imports that break the layering: to a folder on the same line (other than the file's own) or a
 * higher one. Files in folders the layers do not list are reported too, so a new folder must be placed.
 */
export function layeringViolations(graph, layers) {
  const line = new Map();
  layers.forEach((units, index) => {
    for (const unit of units) line.set(unit, index);
  });
  const violations = [];
  for (const { file, local } of graph) {
    const from = unitOf(file);
    if (!line.has(from)) {
      violations.push({ file, target: file, reason: `"${from}" is not in the layer list` });
      continue;
    }
    for (const target of local) {
      const to = unitOf(target);
      if (to === from) continue;
      if (!line.has(to)) violations.push({ file, target, reason: `"${to}" is not in the layer list` });
      else if (line.get(to) >= line.get(from)) {
        const where = line.get(to) === line.get(from) ? 'a folder on its own line' : 'a higher folder';
        violations.push({ file, target, reason: `${from} imports ${where} (${to})` });
      }
    }
  }
  return violations;
}

/** Workspace packages imported by a package that its rule does not allow. */
export function packageViolations(packageName, graph, rules = PACKAGE_DEPENDENCIES) {
  const allowed = rules[packageName];
  if (allowed === undefined) return [{ file: '', target: packageName, reason: `no rule for ${packageName}` }];
  const violations = [];
  for (const { file, packages } of graph) {
    for (const specifier of packages) {
      const match = /^(@certwright\/[^/]+)/.exec(specifier);
      if (match && match[1] !== packageName && !allowed.includes(match[1])) {
        violations.push({ file, target: specifier, reason: `${packageName} may not import ${match[1]}` });
      }
    }
  }
  return violations;
}

/** Groups of files that import each other in a circle (Tarjan's strongly connected components). */
export function importCycles(graph) {
  const edges = new Map(graph.map(({ file, local }) => [file, local.filter((target) => target !== file)]));
  const order = new Map();
  const lowest = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  let counter = 0;
  const visit = (file) => {
    order.set(file, counter);
    lowest.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file) ?? []) {
      if (!edges.has(target)) continue;
      if (!order.has(target)) {
        visit(target);
        lowest.set(file, Math.min(lowest.get(file), lowest.get(target)));
      } else if (onStack.has(target)) {
        lowest.set(file, Math.min(lowest.get(file), order.get(target)));
      }
    }
    if (lowest.get(file) !== order.get(file)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const file of edges.keys()) if (!order.has(file)) visit(file);
  return cycles;
}
