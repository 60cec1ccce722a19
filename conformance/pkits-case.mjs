// Maps one NIST PKITS case to validateChain's options and scores the answer, policy set included.
// Shared by conformance/run.mjs and packages/core/test/chain-pkits.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const ANY_POLICY = '2.5.29.32.0';
const NIST_TEST_POLICY = '2.16.840.1.101.3.2.1.48.';

/** Where the suite is: $CERTWRIGHT_PKITS, or ../shared/conformance/pkits from the repo root (a directory holding pkits.json). */
export function pkitsPath(env = process.env) {
  return resolve(repoRoot, env.CERTWRIGHT_PKITS ?? '../shared/conformance/pkits');
}

/**
 * The cases with their certificates and CRLs read as DER, or undefined when the suite is absent.
 * Each case gets an `id` (`4.14.8 Invalid … Test8`) and the suite's validation time.
 */
export function loadPkits(directory = pkitsPath()) {
  const index = join(directory, 'pkits.json');
  if (!existsSync(index)) return undefined;
  const suite = JSON.parse(readFileSync(index, 'utf8'));
  const read = (folder, name) => new Uint8Array(readFileSync(join(directory, folder, name)));
  return suite.tests.map((testcase) => ({
    ...testcase,
    id: testcase.title,
    validation_time: suite.validation_time,
    certificateDer: testcase.certs.map((name) => read('certs', name)),
    crlDer: testcase.crls.map((name) => read('crls', name)),
  }));
}

/** The section a case is tabulated under: `4.1 signatures`, … `4.16 private extensions`. */
export function familyOf(testcase) {
  const section = testcase.test_number.split('.').slice(0, 2).join('.');
  return `${section} ${SECTION_NAMES[section] ?? ''}`.trim();
}

const SECTION_NAMES = {
  4.1: 'signatures',
  4.2: 'validity',
  4.3: 'name chaining',
  4.4: 'basic CRL checks',
  4.5: 'self-issued (rollover)',
  4.6: 'basic constraints',
  4.7: 'key usage',
  4.8: 'certificate policies',
  4.9: 'require explicit policy',
  '4.10': 'policy mappings',
  4.11: 'inhibit policy mapping',
  4.12: 'inhibit any policy',
  4.13: 'name constraints',
  4.14: 'distribution points',
  4.15: 'delta CRLs',
  4.16: 'private extensions',
};

/** `NIST-test-policy-3` → its OID; `anyPolicy` → 2.5.29.32.0. */
export function policyOid(name) {
  if (name === 'anyPolicy') return ANY_POLICY;
  const match = /^NIST-test-policy-(\d+)$/.exec(name);
  if (match === null) throw new Error(`pkits: unknown policy name ${name}`);
  return `${NIST_TEST_POLICY}${match[1]}`;
}

/** The user-constrained policy set a valid case must end with, as sorted OIDs. */
export function expectedPolicySet(testcase) {
  const names = testcase.user_constrained_policy_set ?? ['NIST-test-policy-1'];
  return names.map(policyOid).sort();
}

/**
 * validateChain options for a case. PKITS tests the RFC 5280 §6 algorithm itself, so every case runs
 * under profile `rfc5280`; its keys are RSA-1024 with SHA-1 (2011), so `allowWeak`; its end-entity
 * certificates have no extended key usage and serve no TLS purpose, so `purpose: 'any'`; every case
 * supplies CRLs, so revocation is checked for every certificate below the anchor.
 */
export function optionsFor(testcase) {
  const der = testcase.certificateDer;
  const policy = {
    explicitPolicy: testcase.initial_explicit_policy,
    policyMappingInhibit: testcase.initial_policy_mapping_inhibit,
    anyPolicyInhibit: testcase.initial_inhibit_any_policy,
  };
  if (testcase.initial_policy_set !== null) policy.initialPolicySet = testcase.initial_policy_set.map(policyOid);
  return {
    leaf: der[der.length - 1],
    intermediates: der.slice(1, -1),
    trustAnchors: [der[0]],
    at: new Date(testcase.validation_time),
    purpose: 'any',
    profile: 'rfc5280',
    allowWeak: true,
    crls: testcase.crlDer,
    policy,
  };
}

/**
 * Runs one case: 'pass'; 'false-reject' or 'false-accept' for the wrong verdict; 'wrong-policy' when a
 * valid case is accepted with another user-constrained policy set than PKITS expects; 'error' for an
 * exception other than the validator's own typed ChainError (which counts as a rejection).
 */
export function scoreCase(testcase, validateChain) {
  let result;
  try {
    result = validateChain(optionsFor(testcase));
  } catch (error) {
    if (error?.name !== 'ChainError') return { outcome: 'error', detail: String(error?.stack ?? error) };
    const detail = `${error.code}: ${error.message}`;
    return { outcome: testcase.should_validate ? 'false-reject' : 'pass', detail };
  }
  const detail = result.problems
    .map((problem) => `${problem.code}@${problem.certificateIndex}: ${problem.message}`)
    .join('; ');
  if (result.valid !== testcase.should_validate) {
    return { outcome: testcase.should_validate ? 'false-reject' : 'false-accept', detail };
  }
  if (!result.valid) return { outcome: 'pass', detail };
  const got = [...result.policySet].sort();
  const wanted = expectedPolicySet(testcase);
  if (got.join() !== wanted.join()) {
    return {
      outcome: 'wrong-policy',
      detail: `policy set ${got.join(', ') || '(empty)'}, expected ${wanted.join(', ')}`,
    };
  }
  return { outcome: 'pass', detail };
}
