import type { Finding } from '../report/findings.js';
import { guidelineFor } from '../report/guidelines.js';
import type { EndpointResult } from '../report/types.js';
import { TLS_VERSIONS, isWeakVersion, versionLabel } from '../tls/versions.js';
import { suiteByName } from '../tls/cipher-suites.js';
import { weakSuiteReasons } from '../tls/weak-suites.js';
import { certificateFindings } from './certificate-findings.js';

/** Every finding of a scanned endpoint, each citing its guideline. */
export function endpointFindings(result: EndpointResult, options: { warnDays: number; at: Date }): Finding[] {
  const findings = [...versionFindings(result), ...suiteFindings(result), ...chainFindings(result, options)];
  if (result.clientCertificate?.required === true) {
    const names = result.clientCertificate.caNames;
    findings.push({
      code: 'client-cert-required',
      severity: 'info',
      message: `demands a client certificate${names.length === 0 ? '' : ` from ${names.join('; ')}`}`,
    });
  }
  findings.push(...ocspFindings(result));
  return findings.map((finding) => {
    const guideline = guidelineFor(finding.code, result.role);
    return guideline === undefined ? finding : { ...finding, guideline };
  });
}

function versionFindings(result: EndpointResult): Finding[] {
  const weak = TLS_VERSIONS.filter((version) => isWeakVersion(version) && result.versions?.[version].accepted);
  if (weak.length === 0) return [];
  return [{ code: 'weak-tls', severity: 'warning', message: `accepts ${weak.map(versionLabel).join(' and ')}` }];
}

/** Weak suites: every one enumerated with --ciphers, otherwise the ones the version probes negotiated. */
function suiteFindings(result: EndpointResult): Finding[] {
  const weak: string[] = [];
  for (const version of TLS_VERSIONS) {
    const listed = result.suites?.[version];
    if (listed !== undefined) {
      for (const suite of listed)
        if (suite.weak.length > 0) weak.push(`${versionLabel(version)} ${suite.name} (${suite.weak.join(', ')})`);
      continue;
    }
    const negotiated = result.versions?.[version].cipher;
    const suite = negotiated === undefined ? undefined : suiteByName(negotiated);
    const reasons = suite === undefined ? [] : weakSuiteReasons(suite);
    if (suite !== undefined && reasons.length > 0)
      weak.push(`${versionLabel(version)} ${suite.name} (${reasons.join(', ')})`);
  }
  if (weak.length === 0) return [];
  return [{ code: 'weak-cipher', severity: 'warning', message: `weak suites accepted: ${weak.join('; ')}` }];
}

const TIME_CODES = new Set(['ERR_CHAIN_EXPIRED', 'ERR_CHAIN_NOT_YET_VALID']);

function chainFindings(result: EndpointResult, options: { warnDays: number; at: Date }): Finding[] {
  const chain = result.chain;
  if (chain === undefined) return [];
  const findings: Finding[] = [];
  chain.certificates.forEach((certificate, index) => {
    const place = index === 0 ? 'leaf' : `chain[${index}]`;
    findings.push(...certificateFindings(certificate, place, { ...options, checkDefault: index === 0 }));
  });
  // Expiry has its own findings; `untrusted` is every other reason the chain does not validate.
  const trustProblems = chain.problems.filter((problem) => !TIME_CODES.has(problem.code));
  if (!chain.valid && trustProblems.length > 0) {
    const codes = [...new Set(trustProblems.map((problem) => problem.code))];
    const first = trustProblems[0]?.message ?? 'no valid path to a trust anchor';
    findings.push({
      code: 'untrusted',
      severity: 'critical',
      message: `chain does not validate (${codes.join(', ')}): ${first}`,
    });
  }
  for (const name of chain.names) {
    if (!name.matches)
      findings.push({
        code: 'name-mismatch',
        severity: 'warning',
        message: `the certificate does not hold ${name.name}`,
      });
  }
  if (chain.order === 'misordered') {
    findings.push({
      code: 'chain-order',
      severity: 'warning',
      message: 'the served chain is out of order (each certificate should be followed by its issuer)',
    });
  }
  if (chain.missingIntermediate) {
    findings.push({
      code: 'chain-incomplete',
      severity: 'warning',
      message: 'an intermediate certificate is missing from the served chain',
    });
  }
  if (chain.extra.length > 0) {
    findings.push({
      code: 'chain-extra',
      severity: 'info',
      message: `${chain.extra.length} served certificate(s) are on no path from the leaf`,
    });
  }
  return findings;
}

/** The stapled OCSP response's verdict: revoked, or not usable as proof. */
function ocspFindings(result: EndpointResult): Finding[] {
  const ocsp = result.ocsp;
  if (ocsp?.status === undefined || ocsp.status === 'good') return [];
  if (ocsp.status === 'revoked') {
    return [
      {
        code: 'revoked',
        severity: 'critical',
        message: `the stapled OCSP response says the leaf is revoked${ocsp.problem === undefined ? '' : `: ${ocsp.problem.message}`}`,
      },
    ];
  }
  return [
    {
      code: 'ocsp-problem',
      severity: 'warning',
      message: `the stapled OCSP response is ${ocsp.status}${ocsp.problem === undefined ? '' : ` (${ocsp.problem.code}: ${ocsp.problem.message})`}`,
    },
  ];
}
