import type { WorkflowConfig } from './config.js';
import type { WorkflowRunResult } from './run.js';

/**
 * What the operator still has to do by hand: the OVOC side has no interface Certwright can
 * drive (Server Manager menus, HA), and some device checks need eyes on the device.
 */
export function manualSteps(config: WorkflowConfig, report: WorkflowRunResult): string[] {
  const status = (label: string) => report.steps.find((step) => step.step === label)?.status;
  const done = (label: string) => status(label) === 'done' || status(label) === 'already-done';
  const todo: string[] = [];
  if (config.ca.mode === 'external' && !done('4')) {
    todo.push(
      `Send ${config.csr.file} to the CA; put the files it returns where ca.files points (${config.ca.files.join(', ')}) and run the workflow again: it continues at step 4.`,
    );
  }
  if (!done('5')) {
    todo.push(
      `Install ${config.serverCerts}/ (root.crt, ca1.crt, ca2.crt, server.crt) and ${config.key.file} in the OVOC server's server_certs directory (certwright install), on each server of an HA pair separately (certwright rotate).`,
    );
  }
  todo.push(
    'OVOC Server Manager: apply the new certificates and, for mutual authentication with the devices, run "Set Mutual Authentication" — Certwright cannot drive the Server Manager.',
    'OVOC HA pair: the guidelines take the pair out of HA for the change; once both servers have the new certificates, set up HA again in the Server Manager.',
  );
  if (!done('8')) {
    todo.push(
      'Load board_cert.pem, board_pkey.pem and root.pem onto the devices and set AUPDVerifyCertificates = 1 (certwright device push).',
    );
  }
  todo.push(
    'On a device or two: check the TLS context shows the new certificate and that the device connects to OVOC with certificate verification on (an OVOC alarm or a lost connection means the root or SANs are wrong).',
  );
  return todo;
}
