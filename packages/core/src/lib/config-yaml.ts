/**
 * The one YAML reader of the config files people write by hand (workflow config, HA plan, device
 * inventory), with js-yaml: it stops at the first error, so a hostile file costs time linear in its
 * size (the `yaml` package built an error per position: a megabyte of quotes took minutes). YAML
 * 1.2's core schema, as before: `0123` is a number, `yes` is text, no tags beyond it, one document;
 * duplicate keys refused; `__proto__` an ordinary key. Aliases are shared, not copied, and may even
 * refer to themselves, so the document is refused when, aliases expanded, it would hold more than
 * MAX_CONFIG_VALUES values or hold itself (a billion-laughs file cannot blow up whoever reads it). js-yaml is
 * loaded on first use: importing core does no work.
 */
import { createRequire } from 'node:module';
import { type ConfigReaderOptions, configFaultMessage, configText } from './config-fields.js';

type JsYaml = typeof import('js-yaml');
let jsYaml: JsYaml | undefined;

/** Values a config document may hold with its aliases expanded (an inventory of 10,000 devices holds about 140,000). */
export const MAX_CONFIG_VALUES = 1_000_000;

/** Characters of js-yaml's reason shown (it may quote an alias or a tag from the file). */
const MAX_SHOWN_REASON = 160;

/**
 * Reads one YAML document into plain values. A syntax error is one line through `options.fail`,
 * `<file>: not valid YAML: <what> at line L, column C`, with no field (kind `invalid`).
 *
 * @example
 * const document = readConfigYaml(text, { source: 'ha.yaml', fail: (fault) => new MyError(fault.message) });
 * const top = ConfigFields.root(document, { source: 'ha.yaml', fail: (fault) => new MyError(fault.message) });
 */
export function readConfigYaml(text: string, options: Pick<ConfigReaderOptions, 'source' | 'fail'>): unknown {
  jsYaml ??= createRequire(import.meta.url)('js-yaml') as JsYaml;
  const refuse = (problem: string): Error =>
    options.fail({
      source: options.source,
      field: '',
      problem,
      kind: 'invalid',
      message: configFaultMessage(options.source, '', problem),
    });
  let document: unknown;
  try {
    document = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
  } catch (error) {
    if (!(error instanceof jsYaml.YAMLException)) throw error;
    const mark = error.mark as { line: number; column: number } | undefined;
    const where = mark === undefined ? '' : ` at line ${mark.line + 1}, column ${mark.column + 1}`;
    throw refuse(`not valid YAML: ${configText(error.reason, MAX_SHOWN_REASON)}${where}`);
  }
  if (expandedSize(document, MAX_CONFIG_VALUES) > MAX_CONFIG_VALUES) {
    throw refuse(
      `not valid YAML: its aliases expand to more than ${MAX_CONFIG_VALUES.toLocaleString('en-US')} values (or refer to themselves)`,
    );
  }
  return document;
}

/**
 * The number of values the document holds with every alias expanded, or more than `limit` when it
 * is larger or an alias refers to a value that holds it. Each shared value is sized once, so the
 * cost follows the file's length, not the expansion (ten levels of ten aliases are 10^10 values).
 */
function expandedSize(document: unknown, limit: number): number {
  if (!isContainer(document)) return 1;
  const sizes = new Map<object, number>();
  const open = new Set<object>([document]);
  // Iterative: aliases can chain nestings far deeper than the parser's own depth limit.
  const frames: Frame[] = [frame(document)];
  while (true) {
    const top = frames[frames.length - 1] as Frame;
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      const known = isContainer(child) ? sizes.get(child) : 1;
      if (known !== undefined) {
        top.total += known;
      } else if (open.has(child as object)) {
        return limit + 1;
      } else {
        open.add(child as object);
        frames.push(frame(child as object));
      }
      continue;
    }
    frames.pop();
    open.delete(top.node);
    const total = Math.min(top.total, limit + 1);
    sizes.set(top.node, total);
    const parent = frames[frames.length - 1];
    if (parent === undefined) return total;
    parent.total += total;
  }
}

interface Frame {
  node: object;
  children: unknown[];
  next: number;
  /** The node itself and its children sized so far. */
  total: number;
}

function frame(node: object): Frame {
  return { node, children: Object.values(node), next: 0, total: 1 };
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}
