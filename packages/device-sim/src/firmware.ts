// `--firmware NAME`: the answers to the open items (types.ts) that model one firmware line. Each bundle
// follows the vendor's documents where they say something, and picks a side where they do not; see the
// "documented vs assumed" table in docs/devices.md. `--open-item` still overrides a single answer.
import { DEFAULT_OPEN_ITEMS, type DeviceProfile, type FirmwareName, type OpenItemSettings } from './types.js';

/** One firmware line as the simulator models it. */
export interface Firmware {
  family: DeviceProfile;
  /** What `GET status` says in `versionID`. */
  versionId: string;
  openItems: Required<OpenItemSettings>;
}

export const FIRMWARES: Record<FirmwareName, Firmware> = {
  /** The 7.4 REST reference and user manual where they say something; today's simulator where they do not. */
  'mediant-7.4': { family: 'mediant', versionId: '7.40A.500.000', openItems: DEFAULT_OPEN_ITEMS },
  /** 7.4 with every undocumented behaviour on its other side: what a client must also survive. */
  'mediant-7.4-other': {
    family: 'mediant',
    versionId: '7.40A.500.000',
    openItems: {
      ...DEFAULT_OPEN_ITEMS,
      tlsFilesOnReset: 'persist-at-once',
      certificateKeyMismatch: 'accept',
      privateKeyPassword: 'form-field',
      tlsContextList: 'not-found',
      forbiddenStatus: 405,
      iniTableFormat: 'prefixed',
      certificateEffective: 'after-save',
      statusValues: 'booleans',
      emptyResource: 200,
      privateKeyFormat: 'pkcs1-only',
      chainUpload: 'refuse',
      keyGeneration: 'slow',
      lockout: 'user',
      qoeTlsContext: 'own',
    },
  },
  /** 7.4 serving a new certificate only after a reset, as the MP-11x 6.6 manual says of its web interface. */
  'mediant-7.4-reset': {
    family: 'mediant',
    versionId: '7.40A.500.000',
    openItems: { ...DEFAULT_OPEN_ITEMS, certificateEffective: 'after-reset' },
  },
  /** MediaPack MP-11x 6.6 (no REST API): the MP-11x and Mediant 2600/3000 manuals. */
  'mp11x-6.6': {
    family: 'mp1xx',
    versionId: '6.60A.367.001',
    openItems: {
      ...DEFAULT_OPEN_ITEMS,
      certificateEffective: 'after-reset',
      iniUnlisted: 'reset',
      autoUpdateApply: 'save-and-reset',
      lockout: 'user',
    },
  },
};

/** Every firmware profile's name. */
export const FIRMWARE_NAMES = Object.keys(FIRMWARES) as FirmwareName[];

/** The default firmware of a family. */
export function defaultFirmware(family: DeviceProfile): FirmwareName {
  return family === 'mp1xx' ? 'mp11x-6.6' : 'mediant-7.4';
}
