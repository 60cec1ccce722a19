/**
 * What an installed OVOC server certificate directory holds. The key lies beside the
 * certificates as `server.key`, the name OVOC's own server_certs directory uses for it.
 */
export const INSTALL_FILES = {
  root: 'root.crt',
  intermediates: ['ca1.crt', 'ca2.crt'],
  server: 'server.crt',
  key: 'server.key',
} as const;

/** Every name an install owns in the target: written, backed up, or removed when the new set lacks it. */
export const INSTALL_MANAGED_NAMES: readonly string[] = ['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt', 'server.key'];

/** Private keys are 0600; the certificates are public. */
export const INSTALL_KEY_MODE = 0o600;
/** Certificates are public: readable by all, written by the owner. */
export const INSTALL_CERT_MODE = 0o644;
/** Backups hold the previous private key: owner only. */
export const INSTALL_BACKUP_DIR_MODE = 0o700;
/** A target that does not exist yet is created with this mode. */
export const INSTALL_TARGET_DIR_MODE = 0o755;

/** Every temporary name an install creates in the target or a backup directory starts with this. */
export const INSTALL_TEMP_PREFIX = '.certwright-install.';
/** The journal of an install in progress, in the target directory. */
export const INSTALL_JOURNAL_NAME = `${INSTALL_TEMP_PREFIX}journal`;
/** The journal is written under this name first, then renamed: a reader never sees half a journal. */
export const INSTALL_JOURNAL_WRITING_NAME = `${INSTALL_JOURNAL_NAME}.tmp`;

/** The mode a managed name gets. */
export function installModeFor(name: string): number {
  return name === INSTALL_FILES.key ? INSTALL_KEY_MODE : INSTALL_CERT_MODE;
}

/** Where a new file waits, written and flushed, before it is renamed over `name`. */
export function stagedName(name: string): string {
  return `${INSTALL_TEMP_PREFIX}new.${name}`;
}

/** The temporary name a backup copy is written under before it is renamed into place. */
export function writingName(name: string): string {
  return `${INSTALL_TEMP_PREFIX}${name}.tmp`;
}
