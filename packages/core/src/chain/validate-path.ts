/** Validates one candidate path: every check, every problem, nothing stops at the first. */
import { checkCertificate } from './certificate-checks.js';
import type { PathContext } from './context.js';
import {
  checkAnchored,
  checkLeafIsAnchor,
  checkExpectedName,
  checkLeafPurpose,
  checkNameConstraints,
  checkPathLength,
} from './path-checks.js';
import { checkSignatures } from './signature-checks.js';
import { report } from './context.js';
import { checkRevocation, type RevocationFinding } from './revocation/check.js';
import { ANY_POLICY, processPolicies } from './policy-tree.js';
import type { ChainPolicyOptions } from './types.js';
import type { ParsedCertificate } from '../x509/certificate.js';
import { checkWebPki } from './webpki.js';

/** What validating one path found: the valid policy set, and each checked certificate's revocation status. */
export interface PathOutcome {
  policySet: string[];
  revocation: Map<number, RevocationFinding>;
}

/** Runs the checks on `context.path`, filling `context.problems`. */
export function validatePath(context: PathContext): PathOutcome {
  checkAnchored(context);
  checkLeafIsAnchor(context);
  context.path.forEach((_, index) => {
    checkCertificate(context, index);
  });
  checkSignatures(context);
  checkPathLength(context);
  checkNameConstraints(context);
  checkLeafPurpose(context);
  checkExpectedName(context);
  if (context.profile === 'webpki') checkWebPki(context);
  const revocation = context.revocationMode !== 'off' ? checkRevocation(context) : new Map<number, RevocationFinding>();
  return { policySet: checkPolicies(context), revocation };
}

function checkPolicies(context: PathContext): string[] {
  if (!context.anchored) return [];
  const fromAnchorDown = context.path.slice(0, -1).reverse();
  if (fromAnchorDown.length === 0) return [...(context.policy.initialPolicySet ?? [ANY_POLICY])];
  const anchor = context.path[context.path.length - 1] as ParsedCertificate;
  const enforced = context.anchorConstraints === 'enforce';
  const options = enforced ? withAnchorPolicies(context.policy, anchor) : context.policy;
  const limits = enforced
    ? {
        requireExplicitPolicy: anchor.policyConstraints?.requireExplicitPolicy,
        inhibitPolicyMapping: anchor.policyConstraints?.inhibitPolicyMapping,
        inhibitAnyPolicy: anchor.inhibitAnyPolicy,
      }
    : undefined;
  const outcome = processPolicies(fromAnchorDown, options, limits);
  if (outcome.error !== undefined) {
    const cause =
      enforced && limitsApply(limits, options, context.policy) ? ' (with the trust anchor’s policy constraints)' : '';
    report(context, 'ERR_CHAIN_POLICY', -1, `${outcome.error}${cause}`);
  }
  return outcome.policySet;
}

// RFC 5937: the anchor's certificatePolicies narrow the user-initial-policy-set (anyPolicy in the
// anchor narrows nothing).
function withAnchorPolicies(policy: ChainPolicyOptions, anchor: ParsedCertificate): ChainPolicyOptions {
  const anchorPolicies = anchor.policies;
  if (anchorPolicies === undefined || anchorPolicies.includes(ANY_POLICY)) return policy;
  const wanted = policy.initialPolicySet ?? [ANY_POLICY];
  const initialPolicySet = wanted.includes(ANY_POLICY)
    ? [...anchorPolicies]
    : wanted.filter((oid) => anchorPolicies.includes(oid));
  return { ...policy, initialPolicySet };
}

function limitsApply(
  limits: { requireExplicitPolicy?: number; inhibitPolicyMapping?: number; inhibitAnyPolicy?: number } | undefined,
  options: ChainPolicyOptions,
  original: ChainPolicyOptions,
): boolean {
  const anyLimit =
    limits?.requireExplicitPolicy !== undefined ||
    limits?.inhibitPolicyMapping !== undefined ||
    limits?.inhibitAnyPolicy !== undefined;
  return anyLimit || options !== original;
}
