// What each simulator firmware (packages/device-sim/src/firmware.ts) answers where a read-only probe can
// see it. The client cannot import the simulator (it must not share its beliefs), so the table is kept
// here and a test checks it against the simulator's own. `device probe` names the firmware lines a real
// device agrees with, so the matching simulator profile can rehearse a push before the fleet run.

/** The answers a probe can observe without changing anything. */
export interface ObservableAnswers {
  statusValues: 'strings' | 'booleans';
  emptyResource: 400 | 200;
  forbiddenStatus: 403 | 405;
  tlsContextList: 'supported' | 'not-found';
  iniTableFormat: 'index' | 'prefixed';
  qoeTlsContext: 'default' | 'own';
}

/** The observable answers of each simulator firmware profile of the Mediant family. */
export const FIRMWARE_SIGNATURES: Record<string, { family: 'mediant' | 'mp1xx'; answers: ObservableAnswers }> = {
  'mediant-7.4': {
    family: 'mediant',
    answers: {
      statusValues: 'strings',
      emptyResource: 400,
      forbiddenStatus: 403,
      tlsContextList: 'supported',
      iniTableFormat: 'index',
      qoeTlsContext: 'default',
    },
  },
  'mediant-7.4-other': {
    family: 'mediant',
    answers: {
      statusValues: 'booleans',
      emptyResource: 200,
      forbiddenStatus: 405,
      tlsContextList: 'not-found',
      iniTableFormat: 'prefixed',
      qoeTlsContext: 'own',
    },
  },
  'mediant-7.4-reset': {
    family: 'mediant',
    answers: {
      statusValues: 'strings',
      emptyResource: 400,
      forbiddenStatus: 403,
      tlsContextList: 'supported',
      iniTableFormat: 'index',
      qoeTlsContext: 'default',
    },
  },
};

/**
 * The behaviours only a change can reveal (a lab device, never a production one): the probe lists them as
 * unknown, with the simulator switch that covers each side.
 */
export const UNOBSERVABLE = [
  'certificateEffective',
  'tlsFilesOnReset',
  'certificateKeyMismatch',
  'privateKeyPassword',
  'privateKeyFormat',
  'chainUpload',
  'keyGeneration',
  'lockout',
  'privateKeyTypes',
] as const;

/**
 * The firmware lines whose observable answers agree with everything observed (an answer the probe could
 * not observe agrees with anything).
 */
export function matchingFirmware(observed: Partial<ObservableAnswers>): string[] {
  return Object.entries(FIRMWARE_SIGNATURES)
    .filter(([, signature]) =>
      Object.entries(observed).every(
        ([item, value]) => value === undefined || signature.answers[item as keyof ObservableAnswers] === value,
      ),
    )
    .map(([name]) => name);
}
