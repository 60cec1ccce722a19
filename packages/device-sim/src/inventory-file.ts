// The inventory of a running simulator, in the format `certwright device …` reads, so nobody has to
// write one by hand from the ready line. The simulator imports no Certwright package: this writes
// the few columns it needs itself.
import { access, constants } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { writeFileAtomic } from './state-store.js';
import type { SimulatedDevice, SimulatorUser } from './types.js';

/** Where the inventory and the CA file that verifies its devices are written. */
export interface InventoryTarget {
  inventoryFile: string;
  caFile: string;
}

/** The inventory formats written, chosen by the file name. */
export type InventoryFileFormat = 'csv' | 'json';

/** The inventory file name in a state directory. */
export const STATE_DIR_INVENTORY = 'devices.csv';

/** `devices.csv` → CSV; `.json` → JSON; anything else is not an inventory certwright reads as written. */
export function inventoryFileFormat(path: string): InventoryFileFormat | undefined {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  return undefined;
}

/**
 * `--write-inventory FILE`: the inventory there and its CA beside it (`devices.csv` → `devices-ca.pem`);
 * else `--state-dir DIR`: `DIR/devices.csv`, the CA being the state directory's `factory-ca.pem`.
 */
export function inventoryTarget(
  writeInventory: string | undefined,
  stateDir: string | undefined,
): InventoryTarget | undefined {
  if (writeInventory !== undefined) {
    const stem = basename(writeInventory, extname(writeInventory));
    return { inventoryFile: writeInventory, caFile: join(dirname(writeInventory), `${stem}-ca.pem`) };
  }
  if (stateDir !== undefined)
    return { inventoryFile: join(stateDir, STATE_DIR_INVENTORY), caFile: join(stateDir, 'factory-ca.pem') };
  return undefined;
}

/** The user the inventory names: the first with the highest level (a push needs admin or more). */
export function inventoryUser(users: readonly SimulatorUser[] | undefined): string {
  const list = users === undefined || users.length === 0 ? [{ name: 'Admin', level: 'security-admin' }] : users;
  for (const level of ['security-admin', 'admin', 'monitor']) {
    const user = list.find((candidate) => candidate.level === level);
    if (user !== undefined) return user.name;
  }
  return list[0]?.name ?? 'Admin';
}

/** One row a device. Devices with a self-signed factory certificate are pinned: no CA vouches for them. */
export function inventoryRows(
  devices: readonly SimulatedDevice[],
  username: string,
  pinned: boolean,
): Record<string, string | number>[] {
  return devices.map((device) => ({
    name: device.name,
    host: device.host,
    port: device.port,
    profile: device.profile,
    username,
    ...(pinned ? { pin_sha256: device.servedFingerprint() } : {}),
  }));
}

/** The rows as CSV (RFC 4180 quoting where a cell needs it) or as a JSON list. */
export function inventoryText(rows: readonly Record<string, string | number>[], format: InventoryFileFormat): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const columns = Object.keys(rows[0] ?? { name: '', host: '', port: '', profile: '', username: '' });
  const cell = (value: string | number | undefined) => {
    const text = String(value ?? '');
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))];
  return `${lines.join('\n')}\n`;
}

/** True when the path exists (an inventory of the user's must not be overwritten without --force). */
export async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/** Writes the CA file, then the inventory that needs it (both readable: nothing secret in either). */
export async function writeInventory(target: InventoryTarget, text: string, caPem: string): Promise<void> {
  await writeFileAtomic(target.caFile, caPem, 0o644);
  await writeFileAtomic(target.inventoryFile, text, 0o644);
}
