/** Validates one candidate path: every check, every problem, nothing stops at the first. */
import { checkCertificate } from './certificate-checks.js';
import type { PathContext } from './context.js';
import {
  checkAnchored,
  checkExpectedName,
  checkLeafPurpose,
  checkNameConstraints,
  checkPathLength,
} from './path-checks.js';
import { checkSignatures } from './signature-checks.js';
import { report } from './context.js';
import { checkRevocation, type RevocationFinding } from './revocation/check.js';
import { ANY_POLICY, processPolicies } from './policy-tree.js';
import { checkWebPki } from './webpki.js';

/** What validating one path found: the valid policy set, and each checked certificate's revocation status. */
export interface PathOutcome {
  policySet: string[];
  revocation: Map<number, RevocationFinding>;
}

/** Runs the checks on `context.path`, filling `context.problems`. */
export function validatePath(context: PathContext): PathOutcome {
  checkAnchored(context);
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
  const outcome = processPolicies(fromAnchorDown, context.policy);
  if (outcome.error !== undefined) report(context, 'ERR_CHAIN_POLICY', -1, outcome.error);
  return outcome.policySet;
}
