/**
 * ssh2, loaded on first use: it has optional native parts and takes tens of milliseconds to load,
 * which nothing but an SSH connection should pay (importing this package does no work).
 */
export async function loadSsh2(): Promise<typeof import('ssh2')> {
  const loaded = await import('ssh2');
  // CommonJS package: the namespace's default export is module.exports.
  return (loaded as { default?: typeof import('ssh2') }).default ?? loaded;
}
