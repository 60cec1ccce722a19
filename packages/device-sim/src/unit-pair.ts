// An HA pair behind one address: the active unit answers; each save reaches the redundant unit only after a
// synchronisation window (during which the device answers 409); a reset switches over to the redundant unit.
// A device that is not an HA pair has one unit and never synchronises.
import { cloneConfiguration } from './configuration.js';
import type { DeviceModel } from './device-model.js';

export class Units {
  private activeIndex = 0;
  private syncTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly units: DeviceModel[],
    private readonly syncMs: number,
    /** Told when the redundant unit took a copy (the state directory is rewritten). */
    private readonly onSynchronised: () => void,
  ) {
    for (const unit of units) unit.onSaved = () => this.synchronise();
  }

  get isPair(): boolean {
    return this.units.length > 1;
  }

  get activeUnit(): number {
    return this.activeIndex;
  }

  get active(): DeviceModel {
    return this.units[this.activeIndex] as DeviceModel;
  }

  get standby(): DeviceModel | undefined {
    return this.isPair ? this.units[1 - this.activeIndex] : undefined;
  }

  get synchronizing(): boolean {
    return this.syncTimer !== undefined;
  }

  /** Starts (or restarts) a window after which the redundant unit holds what the active unit saved. */
  synchronise(): void {
    if (!this.isPair) return;
    clearTimeout(this.syncTimer);
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      const standby = this.standby as DeviceModel;
      standby.saved = cloneConfiguration(this.active.saved);
      standby.revertToSaved();
      this.onSynchronised();
    }, this.syncMs);
    this.syncTimer.unref();
  }

  /** A reset: an unfinished synchronisation is lost, and the redundant unit becomes the active one. */
  switchOver(): void {
    if (!this.isPair) return;
    this.stop();
    this.activeIndex = 1 - this.activeIndex;
  }

  /** Every unit back to its saved configuration (what a reboot does). */
  revertAll(): void {
    for (const unit of this.units) unit.revertToSaved();
  }

  stop(): void {
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
  }
}
