/** CRL inputs for validation: parsing the caller's CRLs, reporting the unreadable ones. */
import type { ChainProblem } from '../types.js';
import { type ParsedCrl, parseCrlDer } from './crl-parse.js';
import { TAG_SEQUENCE } from '../../asn1/der.js';
import { assertInputWithinLimits } from '../../asn1/der-limits.js';
import { decodePemBlocks } from '../../asn1/pem.js';

/** The readable CRLs (undefined when none was given) and a problem for each unreadable one. */
export function parseCrls(inputs: readonly (string | Uint8Array)[] | undefined): {
  crls: ParsedCrl[] | undefined;
  problems: ChainProblem[];
} {
  if (inputs === undefined || inputs.length === 0) return { crls: undefined, problems: [] };
  const crls: ParsedCrl[] = [];
  const problems: ChainProblem[] = [];
  inputs.forEach((input, index) => {
    try {
      // The same bytes as a CRL already read (and walked) in an earlier call: no second walk.
      const known = input instanceof Uint8Array ? cachedCrl(input) : undefined;
      if (known !== undefined) {
        crls.push(known);
        return;
      }
      // Size, depth and element limits before parsing: 16 MiB of tiny elements cost 2.7 GB.
      assertInputWithinLimits(input, `crls[${index}]`);
      // DER always starts with a SEQUENCE tag; other bytes are taken as the text of a PEM file.
      const isDer = input instanceof Uint8Array && input[0] === TAG_SEQUENCE;
      if (isDer) crls.push(parseCached(input));
      else {
        const ders = crlBlocks(input);
        if (ders.length === 0) throw new Error('no CRL PEM block');
        for (const der of ders) crls.push(parseCrlDer(der));
      }
    } catch {
      problems.push({ code: 'ERR_CHAIN_CRL_INVALID', message: `crls[${index}] cannot be read`, certificateIndex: -1 });
    }
  });
  return { crls, problems };
}

// A caller validating many chains against the same CRL bytes (a long-running service, the bench)
// parses a large CRL once. The parsed CRL keeps a copy, so a caller reusing its buffer changes nothing.
const parsedByBuffer = new WeakMap<Uint8Array, { bytes: Uint8Array; crl: ParsedCrl }>();

function cachedCrl(der: Uint8Array): ParsedCrl | undefined {
  const cached = parsedByBuffer.get(der);
  return cached !== undefined && Buffer.compare(cached.bytes, der) === 0 ? cached.crl : undefined;
}

function parseCached(der: Uint8Array): ParsedCrl {
  const bytes = der.slice();
  const crl = parseCrlDer(bytes);
  parsedByBuffer.set(der, { bytes, crl });
  return crl;
}

// RFC 7468 labels CRLs `X509 CRL`; some tools write `CRL`.
function crlBlocks(text: string | Uint8Array): Uint8Array[] {
  return decodePemBlocks(text)
    .filter((block) => block.label === 'X509 CRL' || block.label === 'CRL')
    .map((block) => block.der);
}
