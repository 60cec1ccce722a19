// A simulated device's serial number: seven digits from its index, as AudioCodes serials have; the status
// shows them after `SIM`, the factory certificate after `ACL_`.

export function serialDigits(index: number): string {
  return String(index).padStart(7, '0');
}

export function serialNumber(index: number): string {
  return `SIM${serialDigits(index)}`;
}
