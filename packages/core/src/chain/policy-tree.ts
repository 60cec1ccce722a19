/**
 * Certificate policy processing, RFC 5280 §6.1.2–§6.1.5: the valid_policy_tree with the explicit
 * policy, policy mapping and anyPolicy counters. The tree is capped so that a path built to make it
 * explode (policy-mapping fan-out) is refused instead of exhausting memory.
 */
import type { ChainPolicyOptions } from './types.js';
import type { ParsedCertificate } from '../x509/certificate.js';

export const ANY_POLICY = '2.5.29.32.0';
const MAX_NODES = 10_000;

interface PolicyNode {
  policy: string;
  expected: Set<string>;
  parent: PolicyNode | undefined;
  children: PolicyNode[];
}

/** The result of policy processing: valid or why not, and the user-constrained policy set. */
export interface PolicyOutcome {
  error: string | undefined;
  policySet: string[];
}

/**
 * The policy constraints a trust anchor carries (RFC 5937): skip-certificate counts that apply from
 * the first certificate below the anchor, as if the anchor were certificate 0 of the path.
 */
export interface AnchorPolicyLimits {
  requireExplicitPolicy: number | undefined;
  inhibitPolicyMapping: number | undefined;
  inhibitAnyPolicy: number | undefined;
}

/**
 * Runs policy processing over `certificates`, ordered from the one the trust anchor issued down to the
 * leaf (the anchor itself is not part of it; its constraints come in `anchor`).
 */
export function processPolicies(
  certificates: readonly ParsedCertificate[],
  options: ChainPolicyOptions,
  anchor?: AnchorPolicyLimits,
): PolicyOutcome {
  const n = certificates.length;
  let explicitPolicy = Math.min(options.explicitPolicy ? 0 : n + 1, anchor?.requireExplicitPolicy ?? n + 1);
  let inhibitAny = Math.min(options.anyPolicyInhibit ? 0 : n + 1, anchor?.inhibitAnyPolicy ?? n + 1);
  let policyMapping = Math.min(options.policyMappingInhibit ? 0 : n + 1, anchor?.inhibitPolicyMapping ?? n + 1);
  const root: PolicyNode = { policy: ANY_POLICY, expected: new Set([ANY_POLICY]), parent: undefined, children: [] };
  let level: PolicyNode[] | undefined = [root];
  let count = 1;
  for (let i = 1; i <= n; i++) {
    const certificate = certificates[i - 1] as ParsedCertificate;
    const isLast = i === n;
    const policies = certificate.policies;
    if (level !== undefined && policies !== undefined) {
      const anyAllowed = inhibitAny > 0 || (!isLast && certificate.selfIssued);
      level = growLevel(level, policies, anyAllowed);
      count += level.length;
      if (count > MAX_NODES) return { error: 'the certificate policy tree grows too large', policySet: [] };
      pruneAbove(root, i);
      if (level.length === 0) level = undefined;
    } else {
      level = undefined;
    }
    if (level === undefined && explicitPolicy <= 0) {
      return { error: `no valid policy at certificate ${n - i} and an explicit policy is required`, policySet: [] };
    }
    if (isLast) break;
    const mappings = certificate.policyMappings ?? [];
    if (mappings.some((mapping) => mapping.issuerDomain === ANY_POLICY || mapping.subjectDomain === ANY_POLICY)) {
      return { error: 'a policy mapping to or from anyPolicy', policySet: [] };
    }
    if (level !== undefined && mappings.length > 0) level = applyMappings(level, mappings, policyMapping > 0);
    if (level !== undefined && level.length === 0) level = undefined;
    if (!certificate.selfIssued) {
      explicitPolicy = Math.max(0, explicitPolicy - 1);
      policyMapping = Math.max(0, policyMapping - 1);
      inhibitAny = Math.max(0, inhibitAny - 1);
    }
    const constraints = certificate.policyConstraints;
    if (constraints?.requireExplicitPolicy !== undefined)
      explicitPolicy = Math.min(explicitPolicy, constraints.requireExplicitPolicy);
    if (constraints?.inhibitPolicyMapping !== undefined)
      policyMapping = Math.min(policyMapping, constraints.inhibitPolicyMapping);
    if (certificate.inhibitAnyPolicy !== undefined) inhibitAny = Math.min(inhibitAny, certificate.inhibitAnyPolicy);
  }
  const leaf = certificates[n - 1];
  explicitPolicy = Math.max(0, explicitPolicy - 1);
  if (leaf?.policyConstraints?.requireExplicitPolicy === 0) explicitPolicy = 0;
  const policySet = level === undefined ? [] : intersect(level, options.initialPolicySet ?? [ANY_POLICY]);
  if (explicitPolicy <= 0 && policySet.length === 0) {
    return { error: 'no policy of the path is acceptable and an explicit policy is required', policySet };
  }
  return { error: undefined, policySet };
}

// §6.1.3 (d) 1–2: children for each policy of the certificate, matched on the expected sets.
function growLevel(level: PolicyNode[], policies: readonly string[], anyAllowed: boolean): PolicyNode[] {
  const next: PolicyNode[] = [];
  const addChild = (parent: PolicyNode, policy: string) => {
    const child = { policy, expected: new Set([policy]), parent, children: [] };
    parent.children.push(child);
    next.push(child);
  };
  for (const policy of policies) {
    if (policy === ANY_POLICY) continue;
    const matching = level.filter((node) => node.expected.has(policy));
    if (matching.length > 0) for (const node of matching) addChild(node, policy);
    else for (const node of level.filter((candidate) => candidate.policy === ANY_POLICY)) addChild(node, policy);
  }
  if (policies.includes(ANY_POLICY) && anyAllowed) {
    for (const node of level) {
      for (const expected of node.expected) {
        if (!node.children.some((child) => child.policy === expected)) addChild(node, expected);
      }
    }
  }
  return next;
}

// §6.1.4 (b): expected sets follow the mappings, or mapped policies are dropped when mapping is inhibited.
// A mapped policy the level lacks grows from its anyPolicy node whenever there is one: (b)(1) does not
// look at inhibit_anyPolicy (a self-issued CA keeps that node at 0, §6.1.3 (d)(2)).
function applyMappings(
  level: PolicyNode[],
  mappings: readonly { issuerDomain: string; subjectDomain: string }[],
  mappingAllowed: boolean,
): PolicyNode[] {
  const byIssuer = new Map<string, string[]>();
  for (const mapping of mappings)
    byIssuer.set(mapping.issuerDomain, [...(byIssuer.get(mapping.issuerDomain) ?? []), mapping.subjectDomain]);
  let result = level;
  for (const [issuerPolicy, subjects] of byIssuer) {
    const nodes = result.filter((node) => node.policy === issuerPolicy);
    if (!mappingAllowed) {
      for (const node of nodes) detach(node);
      result = result.filter((node) => node.policy !== issuerPolicy);
      continue;
    }
    if (nodes.length > 0) {
      for (const node of nodes) node.expected = new Set(subjects);
      continue;
    }
    const anyNode = result.find((node) => node.policy === ANY_POLICY);
    if (anyNode?.parent !== undefined) {
      const child = { policy: issuerPolicy, expected: new Set(subjects), parent: anyNode.parent, children: [] };
      anyNode.parent.children.push(child);
      result = [...result, child];
    }
  }
  return result;
}

function detach(node: PolicyNode): void {
  let current: PolicyNode | undefined = node;
  while (current?.parent !== undefined) {
    const parent: PolicyNode = current.parent;
    parent.children = parent.children.filter((child) => child !== current);
    if (parent.children.length > 0) break;
    current = parent;
  }
}

// §6.1.3 (d) 3: nodes above the current depth without children go.
function pruneAbove(root: PolicyNode, depth: number): void {
  const prune = (node: PolicyNode, level: number): boolean => {
    if (level === depth) return true;
    node.children = node.children.filter((child) => prune(child, level + 1));
    return node.children.length > 0;
  };
  prune(root, 0);
}

// §6.1.5 (g): the caller's initial set is in the trust anchor's policy domain, so each leaf-level
// node is judged by the policy its branch had right below anyPolicy (before any mapping).
function intersect(level: PolicyNode[], initial: readonly string[]): string[] {
  const policies = new Set(level.filter(reachesRoot).map(authorityPolicy));
  if (initial.includes(ANY_POLICY)) return [...policies];
  if (policies.has(ANY_POLICY)) return [...initial];
  return [...policies].filter((policy) => initial.includes(policy));
}

function authorityPolicy(node: PolicyNode): string {
  let found = ANY_POLICY;
  for (let current: PolicyNode | undefined = node; current?.parent !== undefined; current = current.parent) {
    if (current.policy !== ANY_POLICY) found = current.policy;
  }
  return found;
}

function reachesRoot(node: PolicyNode): boolean {
  let current: PolicyNode | undefined = node;
  while (current.parent !== undefined) {
    if (!current.parent.children.includes(current)) return false;
    current = current.parent;
  }
  return true;
}
