import { readConfigYaml } from '@certwright/core';

/**
 * Reads a YAML document people wrote by hand into plain values with core's readConfigYaml, the
 * reader every config format shares (workflow config, HA plan, device inventory): linear on hostile
 * input, duplicate keys refused, aliases bounded, and a syntax error reported as one line,
 * `<file>: not valid YAML: <what> at line L, column C`.
 */
export async function readYaml(text: string, source: string, fail: (message: string) => Error): Promise<unknown> {
  return readConfigYaml(text, { source, fail: (fault) => fail(fault.message) });
}
