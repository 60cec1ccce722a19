import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CertwrightError, type PassphraseInput, readCertificates } from '@certwright/core';
import { certificateFindings } from '../analysis/certificate-findings.js';
import type { CertificateCatalog } from '../analysis/certificate-summary.js';
import type { FileResult } from '../report/types.js';

/** Most files read from the folders given (a guard against pointing the scan at `/`). */
export const MAX_FOLDER_FILES = 10_000;

/** How local files are read. */
export interface FileScanSettings {
  catalog: CertificateCatalog;
  at: Date;
  warnDays: number;
  /** Password for PKCS#12 files and Java KeyStores (a callback is asked only when one is met). */
  storePassword?: PassphraseInput;
}

/**
 * The certificates of a file, or of every file in a folder (recursively, in name order): PEM, DER,
 * PKCS#7, PKCS#12, JKS. In a folder, files that hold no certificate (keys, notes) are skipped; a file
 * named on its own that holds none is a failed result, as is any file that cannot be read.
 */
export async function scanPath(path: string, settings: FileScanSettings): Promise<FileResult[]> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error)
    return [failed(path, info.code === 'ENOENT' ? 'ERR_FILE_NOT_FOUND' : 'ERR_FILE_READ', info.message)];
  if (!info.isDirectory()) return [await scanFile(path, settings, false)];
  const results: FileResult[] = [];
  for (const file of await folderFiles(path)) {
    const result = await scanFile(file, settings, true);
    if (result.status === 'scanned' || result.error?.code !== 'ERR_FORMAT_NO_CERTIFICATES') results.push(result);
  }
  return results;
}

async function folderFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  return files.slice(0, MAX_FOLDER_FILES);
}

async function scanFile(path: string, settings: FileScanSettings, inFolder: boolean): Promise<FileResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return failed(path, 'ERR_FILE_READ', `${path}: ${(error as Error).message}`);
  }
  try {
    const ders = await readCertificates(bytes, {
      source: path,
      ...(settings.storePassword === undefined ? {} : { password: settings.storePassword }),
    });
    const certificates = [];
    for (const der of ders) certificates.push(await settings.catalog.summarise(der, path));
    const findings = certificates.flatMap((certificate, index) =>
      certificateFindings(certificate, `${path}[${index}]`, { ...settings, checkDefault: true }),
    );
    return { kind: 'file', path, status: 'scanned', certificates, findings };
  } catch (error) {
    if (!(error instanceof CertwrightError)) throw error;
    if (inFolder && error.code === 'ERR_FORMAT_UNRECOGNIZED')
      return failed(path, 'ERR_FORMAT_NO_CERTIFICATES', error.message);
    return failed(path, error.code, error.message);
  }
}

function failed(path: string, code: string, message: string): FileResult {
  return { kind: 'file', path, status: 'failed', error: { code, message }, certificates: [], findings: [] };
}
