import { describe, expect, it } from 'vitest';
import {
  checkInstallSet,
  encodeCertificates,
  type InstallError,
  readCertificates,
  readPrivateKey,
} from '../../src/index.js';
import { AT, loadNewSet, loadOldSet, loadSet } from './fixtures.js';

async function refusal(promise: Promise<unknown>): Promise<InstallError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the check should refuse').toBeDefined();
  return error as InstallError;
}

describe('checkInstallSet', () => {
  it('accepts a canonical set and names its first expiry', async () => {
    const set = await loadNewSet();
    const check = await checkInstallSet({ certificates: set.certificates, key: set.key, at: AT });
    expect(check.certificates.map((entry) => entry.name)).toEqual(['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt']);
    expect(check.expires.toISOString()).toBe('2035-01-01T00:00:00.000Z');
    expect(check.warnings).toEqual([]);
  });

  it('accepts root → server with no intermediate', async () => {
    const set = await loadSet('rsa-no-intermediate', 'test-rsa-2048.key');
    const check = await checkInstallSet({ certificates: set.certificates, key: set.key, at: AT });
    expect(check.certificates.map((entry) => entry.name)).toEqual(['root.crt', 'server.crt']);
  });

  it('warns when the set expires within 30 days, and not at 31', async () => {
    const set = await loadOldSet();
    const soon = await checkInstallSet({
      certificates: set.certificates,
      key: set.key,
      at: new Date('2034-12-15T00:00:00Z'),
    });
    expect(soon.warnings.map((warning) => warning.code)).toEqual(['WARN_INSTALL_EXPIRES_SOON']);
    expect(soon.warnings[0]?.message).toContain('expires in 17 day(s)');
    const later = await checkInstallSet({
      certificates: set.certificates,
      key: set.key,
      at: new Date('2034-12-01T00:00:00Z'),
    });
    expect(later.warnings).toEqual([]);
  });

  it('refuses a set without root.crt or server.crt, or with ca2.crt but no ca1.crt', async () => {
    const set = await loadNewSet();
    const { 'root.crt': _root, ...noRoot } = set.certificates;
    const { 'server.crt': _server, ...noServer } = set.certificates;
    const { 'ca1.crt': _ca1, ...noCa1 } = set.certificates;
    for (const certificates of [noRoot, noServer, noCa1]) {
      const error = await refusal(checkInstallSet({ certificates, key: set.key, at: AT }));
      expect(error.code).toBe('ERR_INSTALL_SET_INCOMPLETE');
    }
  });

  it('refuses a DER file and a file with two certificates', async () => {
    const set = await loadNewSet();
    const [rootDer] = await readCertificates(set.certificates['root.crt'] as Uint8Array);
    const der = await refusal(
      checkInstallSet({ certificates: { ...set.certificates, 'root.crt': rootDer }, key: set.key, at: AT }),
    );
    expect(der.code).toBe('ERR_INSTALL_SET_NOT_PEM');
    expect(der.source).toBe('root.crt');
    const [ca1] = await readCertificates(set.certificates['ca1.crt'] as Uint8Array);
    const [ca2] = await readCertificates(set.certificates['ca2.crt'] as Uint8Array);
    const bundle = new TextEncoder().encode(
      encodeCertificates([ca2 as Uint8Array, ca1 as Uint8Array], 'pem') as string,
    );
    const two = await refusal(
      checkInstallSet({ certificates: { ...set.certificates, 'ca2.crt': bundle }, key: set.key, at: AT }),
    );
    expect(two.code).toBe('ERR_INSTALL_SET_NOT_PEM');
  });

  it('refuses an expired chain and one not valid yet, with the chain problems', async () => {
    const expired = await loadSet('leaf-expired', 'test-rsa-2048.key');
    const error = await refusal(checkInstallSet({ certificates: expired.certificates, key: expired.key, at: AT }));
    expect(error.code).toBe('ERR_INSTALL_CHAIN_INVALID');
    expect(error.problems.map((problem) => problem.code)).toContain('ERR_CHAIN_EXPIRED');
    expect(error.message).toContain('(server.crt)');
    const set = await loadNewSet();
    const early = await refusal(
      checkInstallSet({ certificates: set.certificates, key: set.key, at: new Date('2020-01-01T00:00:00Z') }),
    );
    expect(early.problems.map((problem) => problem.code)).toContain('ERR_CHAIN_NOT_YET_VALID');
  });

  it('refuses a broken chain: a missing intermediate, a foreign root', async () => {
    const set = await loadNewSet();
    const other = await loadOldSet();
    const { 'ca2.crt': _ca2, ...gap } = set.certificates;
    const missing = await refusal(checkInstallSet({ certificates: gap, key: set.key, at: AT }));
    expect(missing.code).toBe('ERR_INSTALL_CHAIN_INVALID');
    const foreign = await refusal(
      checkInstallSet({
        certificates: { ...set.certificates, 'root.crt': other.certificates['root.crt'] as Uint8Array },
        key: set.key,
        at: AT,
      }),
    );
    expect(foreign.code).toBe('ERR_INSTALL_CHAIN_INVALID');
  });

  it('refuses intermediates under each other’s names', async () => {
    const set = await loadNewSet();
    const swapped = {
      ...set.certificates,
      'ca1.crt': set.certificates['ca2.crt'] as Uint8Array,
      'ca2.crt': set.certificates['ca1.crt'] as Uint8Array,
    };
    const error = await refusal(checkInstallSet({ certificates: swapped, key: set.key, at: AT }));
    expect(error.code).toBe('ERR_INSTALL_SET_MISNAMED');
  });

  it('refuses a key that does not match server.crt', async () => {
    const set = await loadNewSet();
    const other = await loadOldSet();
    const error = await refusal(checkInstallSet({ certificates: set.certificates, key: other.key, at: AT }));
    expect(error.code).toBe('ERR_INSTALL_KEY_MISMATCH');
    // An RSA key against an EC certificate must not poison the next key read in this process.
    await expect(readPrivateKey(other.keyFile)).resolves.toBeDefined();
  });
});
