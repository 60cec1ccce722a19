/**
 * Reads a YAML document people wrote by hand into plain values: duplicate keys refused, aliases
 * bounded (a billion-laughs document cannot blow up), and a syntax error reported as one line,
 * `<file>: not valid YAML: <what, at line L, column C>`, the same for every config format.
 * yaml is loaded on first use: importing this package does no work.
 */
export async function readYaml(text: string, source: string, fail: (message: string) => Error): Promise<unknown> {
  const { parseDocument } = await import('yaml');
  const document = parseDocument(text, { uniqueKeys: true });
  const first = document.errors[0];
  if (first) {
    // The first line of yaml's message names the problem and its line and column.
    const problem = (first.message.split('\n')[0] ?? first.message).replace(/:$/, '');
    throw fail(`${source}: not valid YAML: ${problem}`);
  }
  return document.toJS({ maxAliasCount: 50 });
}
