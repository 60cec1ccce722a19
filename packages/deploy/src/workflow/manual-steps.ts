import { LEAVE_ALONE, MUTUAL_AUTHENTICATION_OPTIONS } from '../guideline-procedures.js';
import type { WorkflowConfig } from './config.js';
import type { WorkflowRunResult } from './run.js';

/**
 * What the operator still has to do by hand, named as the OVOC security guidelines name it
 * (docs/guidelines.md): the Server Manager and the Web UI have no interface Certwright can drive,
 * some services must be left alone, and some device checks need eyes on the device.
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
      `Guidelines' step 4: copy ${config.serverCerts}/ (root.crt, ca1.crt, ca2.crt, server.crt) and ${config.key.file} to each OVOC server (certwright install on the server, or certwright rotate for an HA pair).`,
    );
  }
  todo.push(
    'Guidelines\' step 5, OVOC Server Manager (as root on each OVOC server): run "Server Certificates Update" and give it the new files; on an HA pair, on each server separately.',
    "Guidelines' step 7: open the OVOC Web UI in a browser that trusts root.crt and check the certificate it shows is the new server.crt.",
    'OVOC Server Manager, for mutual authentication: "Trust Store Configuration" to load the root that issued the device certificates into OVOC\'s trust store.',
    `OVOC Server Manager: "Set Mutual Authentication" — ${MUTUAL_AUTHENTICATION_OPTIONS} — on each OVOC server, only once the devices hold their certificates (a device without one can no longer reach OVOC).`,
    'OVOC Web UI: switch the device connections and the tenant connections to HTTPS.',
    deviceCommunication(config),
    'OVOC HA pair: the guidelines take the pair out of HA, do the whole procedure separately on both server machines, then set up HA again in the Server Manager.',
  );
  if (!done('8')) {
    todo.push(
      "Guidelines' step 8: load board_cert.pem, board_pkey.pem and root.pem onto the devices and set AUPDVerifyCertificates = 1 (certwright device push).",
    );
  }
  todo.push(
    'On a device or two: check the TLS context shows the new certificate and that the device connects to OVOC with certificate verification on (an OVOC alarm or a lost connection means the root or SANs are wrong).',
    LEAVE_ALONE,
  );
  return todo;
}

/** The Web UI's "SBC Devices Communication" setting, as the config's verify.device_mode says it will be. */
function deviceCommunication(config: WorkflowConfig): string {
  const setting = 'OVOC Web UI, "SBC Devices Communication"';
  if (config.verify.deviceMode === 'hostname') {
    return `${setting}: Hostname Based, with the FQDN ${config.verify.host} (server.crt must hold it, steps 6–7 check) and "Verify Certificate SubjectName" switched on at the devices.`;
  }
  if (config.verify.deviceMode === 'ip') return `${setting}: IP based (the mode verify.device_mode names).`;
  return `${setting}: choose IP based or Hostname Based; Hostname Based needs the server's FQDN in server.crt and "Verify Certificate SubjectName" on the devices (say verify.device_mode: hostname to have steps 6–7 check it).`;
}
