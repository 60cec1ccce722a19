/** Signature checks of a path: each link verified, algorithms supported and strong enough. */
import type { ParsedCertificate } from '../x509/certificate.js';
import { type PathContext, report, roleOf } from './context.js';
import { signatureScheme } from '../keys/signature-verify.js';
import { isSignedBy, modulusBits, publicKeyOf } from './signature.js';

/** Each certificate's signature against the next one's key, and the algorithms' strength. */
export function checkSignatures(context: PathContext): void {
  const { path } = context;
  for (let index = 0; index < path.length - 1; index++) {
    const child = path[index] as ParsedCertificate;
    const issuer = path[index + 1] as ParsedCertificate;
    const scheme = signatureScheme(child.signatureAlgorithm);
    if (scheme === undefined) {
      const oid = child.signatureAlgorithm.oid;
      report(
        context,
        'ERR_CHAIN_UNSUPPORTED_ALGORITHM',
        index,
        `${roleOf(context, index)}: unsupported signature algorithm ${oid}`,
      );
      continue;
    }
    if (!isSignedBy(child, issuer)) {
      report(
        context,
        'ERR_CHAIN_BAD_SIGNATURE',
        index,
        `${roleOf(context, index)}: signature does not verify with its issuer's key`,
      );
    }
    if (!context.allowWeak && (scheme.hash === 'md5' || scheme.hash === 'sha1')) {
      report(
        context,
        'ERR_CHAIN_WEAK_HASH',
        index,
        `${roleOf(context, index)} is signed with ${scheme.hash.toUpperCase()}`,
      );
    }
  }
  path.forEach((certificate, index) => {
    const bits = modulusBits(certificate);
    if (!context.allowWeak && bits !== undefined && bits < 2048) {
      report(context, 'ERR_CHAIN_WEAK_KEY', index, `${roleOf(context, index)} has a ${bits}-bit key (minimum 2048)`);
    }
    // Only issuers' keys are used here; the leaf's key is the application's business.
    if (index > 0 && publicKeyOf(certificate) === null) {
      report(
        context,
        'ERR_CHAIN_UNSUPPORTED_ALGORITHM',
        index,
        `${roleOf(context, index)} has a public key that cannot be read`,
      );
    }
  });
}
