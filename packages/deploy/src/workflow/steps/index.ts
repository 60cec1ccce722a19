import type { Step } from '../step.js';
import { caStep } from './ca.js';
import { csrStep } from './csr.js';
import { devicesStep } from './devices.js';
import { importStep } from './import.js';
import { installStep } from './install.js';
import { keyStep } from './key.js';
import { verifyStep } from './verify.js';

/** The eight steps in order; steps 6 and 7 are one check. */
export const STEPS: readonly Step[] = [keyStep, csrStep, caStep, importStep, installStep, verifyStep, devicesStep];

/** The step a number 1–8 names: 7 is part of the 6–7 check. */
export function stepFor(number: number): Step {
  const id = number === 7 ? 6 : number;
  return STEPS.find((step) => step.id === id) as Step;
}
