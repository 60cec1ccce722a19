// Which private keys a device family takes. MediaPack MP-1xx firmware (6.x) deals in RSA keys only: its
// manual's certificate pages offer RSA key sizes and never mention EC, so an EC board key would leave such
// a gateway without a key it can load. Mediant firmware with the REST API (7.x) is taken to accept RSA and EC
// (its reference names no key type; the simulator takes both). See docs/devices.md, "what is documented".
import { configText, type PrivateKey } from '@certwright/core';
import { DeviceError } from '../client/errors.js';
import type { InventoryEntry } from '../fleet/inventory.js';

/** A key type devices may hold. */
export type DeviceKeyType = 'rsa' | 'ec';

const TAKEN: Record<InventoryEntry['profile'], readonly DeviceKeyType[]> = {
  mediant: ['rsa', 'ec'],
  mp1xx: ['rsa'],
};

/** The key types a device of this profile takes. */
export function keyTypesTaken(profile: InventoryEntry['profile']): readonly DeviceKeyType[] {
  return TAKEN[profile];
}

/**
 * Throws ERR_DEVICE_PREFLIGHT (field `field`) when a device of the list cannot take this key, naming the
 * first such device; nothing is sent or written before this check.
 */
export function assertDevicesTakeKey(
  key: PrivateKey,
  devices: readonly Pick<InventoryEntry, 'name' | 'profile'>[],
  field = 'key',
): void {
  const type = keyType(key);
  const refusing = devices.find((device) => !takes(device.profile, type));
  // The name comes from the inventory file: escaped and cut, so the message stays one line.
  if (refusing !== undefined)
    throw refusal(
      type,
      `device ${configText(refusing.name)} (profile ${refusing.profile}) takes`,
      refusing.profile,
      field,
    );
}

/**
 * The same check for files made for a whole family when no inventory names a device (device provision's
 * bundle): the family is named instead.
 */
export function assertProfileTakesKey(key: PrivateKey, profile: InventoryEntry['profile'], field = 'key'): void {
  const type = keyType(key);
  if (!takes(profile, type)) throw refusal(type, `${FAMILY[profile]} (profile ${profile}) take`, profile, field);
}

const FAMILY: Record<InventoryEntry['profile'], string> = { mediant: 'Mediant devices', mp1xx: 'MP-1xx gateways' };

function keyType(key: PrivateKey): string {
  return key.keyObject.asymmetricKeyType ?? 'unknown';
}

function takes(profile: InventoryEntry['profile'], type: string): boolean {
  return (keyTypesTaken(profile) as readonly string[]).includes(type);
}

function refusal(type: string, whoTakes: string, profile: InventoryEntry['profile'], field: string): DeviceError {
  const taken = keyTypesTaken(profile).map((kind) => kind.toUpperCase());
  return new DeviceError(
    'ERR_DEVICE_PREFLIGHT',
    `an ${type.toUpperCase()} key, but ${whoTakes} ${taken.join(' or ')} keys only: make the board files from a server set with an RSA key`,
    { device: 'pre-flight', field },
  );
}
