// Sentences of the OVOC security guidelines' manual procedures (docs/guidelines.md) that the
// workflow's and the HA rotation's to-do lists both say: written once, so the two cannot drift.

/** "Set Mutual Authentication" offers one option per kind of device. */
export const MUTUAL_AUTHENTICATION_OPTIONS =
  'the IPP option for IP phones, the SBC option for Mediant SBCs and gateways';

/** What no certificate procedure may touch. */
export const LEAVE_ALONE =
  'Leave alone: the REST updates interface (port 8082), the QoE interface (port 5001) and the northbound interface (NBIF) keep their default certificates, and the Floating License certificate must not be replaced, deleted or modified in any way.';
