/**
 * Command names, flags and choice values go into completion scripts unquoted: each must be a plain
 * word, so a new command with an odd name fails the completion test instead of breaking a shell.
 */
export function plainWord(word: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9@.,_:+/=-]*$|^--?[A-Za-z0-9][A-Za-z0-9-]*$/.test(word)) {
    throw new Error(`completion: "${word}" is not a plain word`);
  }
  return word;
}

/** A command's path as the scripts match it: `certwright key create`. */
export function pathKey(path: readonly string[]): string {
  return path.map(plainWord).join(' ');
}

/** Single-quoted for POSIX shells and zsh: `it's` → `'it'\''s'`. */
export function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** Single-quoted for fish, where a backslash escapes inside single quotes. */
export function fishQuoted(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** The first line of a description, without a trailing period, cut to fit a completion menu. */
export function shortDescription(text: string, width = 72): string {
  const line = (text.split('\n')[0] ?? '').replace(/\.$/, '');
  return line.length <= width ? line : `${line.slice(0, width - 1).trimEnd()}…`;
}
