// Maps one x509-limbo test case to validateChain's options and scores the answer.
// Shared by conformance/run.mjs and packages/core/test/chain-conformance.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the suite is: $CERTWRIGHT_LIMBO, or ../shared/conformance/x509-limbo/limbo.json.gz from the repo root. */
export function limboPath(env = process.env) {
  return resolve(repoRoot, env.CERTWRIGHT_LIMBO ?? '../shared/conformance/x509-limbo/limbo.json.gz');
}

/** The test cases, or undefined when the file is absent. */
export function loadLimbo(path = limboPath()) {
  if (!existsSync(path)) return undefined;
  const bytes = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return JSON.parse(text).testcases;
}

/** The family a case is tabulated under: `rfc5280`, `webpki`, …, and `bettertls::nameconstraints`. */
export function familyOf(id) {
  const parts = id.split('::');
  return parts[0] === 'bettertls' ? `${parts[0]}::${parts[1]}` : parts[0];
}

/** validateChain options for a case. */
export function optionsFor(testcase) {
  const options = {
    leaf: testcase.peer_certificate,
    intermediates: testcase.untrusted_intermediates,
    trustAnchors: testcase.trusted_certs,
    at: testcase.validation_time === null ? new Date() : new Date(testcase.validation_time),
    purpose: purposeOf(testcase),
    profile: profileFor(testcase),
  };
  const peer = testcase.expected_peer_name;
  if (peer?.kind === 'DNS') options.hostname = peer.value;
  else if (peer?.kind === 'IP') options.ip = peer.value;
  else if (peer?.kind === 'RFC822') options.email = peer.value;
  if (testcase.max_chain_depth !== null && testcase.max_chain_depth !== undefined)
    options.maxDepth = testcase.max_chain_depth;
  if (testcase.crls?.length > 0) options.crls = testcase.crls;
  return options;
}

/**
 * x509-limbo scores a validator that holds certificates to all of RFC 5280, the rules on issuing
 * CAs included (its rfc5280::aki, ::ski, ::pc, ::serial and ::nc non-critical cases expect a
 * rejection RFC 5280 §6 does not make): those cases run under `strict`; `webpki::*` under `webpki`.
 */
export function profileFor(testcase) {
  return testcase.id.startsWith('webpki::') ? 'webpki' : 'strict';
}

function purposeOf(testcase) {
  const ekus = testcase.extended_key_usage ?? [];
  if (ekus.includes('serverAuth')) return 'server';
  if (ekus.includes('clientAuth')) return 'client';
  return testcase.validation_kind === 'CLIENT' ? 'client' : 'server';
}

/**
 * Runs one case: 'pass', 'false-reject', 'false-accept' or 'error' (an exception other than the
 * validator's own typed ChainError, which counts as a rejection).
 */
export function scoreCase(testcase, validateChain) {
  let accepted;
  let detail = '';
  try {
    const result = validateChain(optionsFor(testcase));
    accepted = result.valid;
    detail = result.problems
      .map((problem) => `${problem.code}@${problem.certificateIndex}: ${problem.message}`)
      .join('; ');
  } catch (error) {
    if (error?.name !== 'ChainError') return { outcome: 'error', detail: String(error?.stack ?? error) };
    accepted = false;
    detail = `${error.code}: ${error.message}`;
  }
  const expected = testcase.expected_result === 'SUCCESS';
  if (accepted === expected) return { outcome: 'pass', detail };
  return { outcome: expected ? 'false-reject' : 'false-accept', detail };
}
