import { dirname } from 'node:path';
import { type InventoryEntry, type InventoryOptions, inventoryFormat, parseInventory } from '@certwright/device-push';
import { readUserFile } from '../../io/files.js';
import type { Io } from '../../io/io.js';

/**
 * Reads an inventory file (any encoding and separator parseInventory knows). Paths inside it
 * (password_file) are relative to the inventory's folder, not to where the command runs.
 */
export async function readInventoryFile(
  path: string,
  io: Io,
  options: Omit<InventoryOptions, 'source' | 'baseDir'> = {},
): Promise<InventoryEntry[]> {
  const format = inventoryFormat(path);
  return parseInventory(await readUserFile(io.cwd, path), format, { ...options, source: path, baseDir: dirname(path) });
}
