import { dump } from 'js-yaml';

/**
 * YAML text of plain data (a config the wizard saved, the credentials `device provision` writes),
 * with the library core reads every config with (`readConfigYaml`), so what is written reads back
 * the same: a value shared twice is written out twice (no anchors), long lines are not folded,
 * and a string that would read as a number, a boolean or null is quoted.
 */
export function yamlText(value: unknown): string {
  return dump(value, { noRefs: true, lineWidth: -1 });
}
