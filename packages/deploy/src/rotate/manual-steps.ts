import { LEAVE_ALONE, MUTUAL_AUTHENTICATION_OPTIONS } from '../guideline-procedures.js';
import type { RotatePlan } from './plan.js';

/**
 * What the operator still has to do by hand after an HA rotation, named as the OVOC security
 * guidelines name it (docs/guidelines.md, the source the workflow's list follows too): the Server
 * Manager and the Web UI have no interface Certwright can drive. The procedures for the new
 * certificates are listed only once every node serves them; a stopped run first needs --resume.
 * The Web UI's switch to HTTPS is not listed: it is made once, when a server first gets its
 * certificates, and a rotation leaves it as it is.
 */
export function rotationManualSteps(plan: RotatePlan, complete: boolean): string[] {
  if (!complete) {
    return [
      'Fix the cause above, then run the same command with --resume: done steps are skipped.',
      ...setHaUpAgain(plan),
    ];
  }
  return [
    'Guidelines\' step 5, OVOC Server Manager (as root on each node in turn): run "Server Certificates Update" and give it the new files, as the guidelines install them; certwright rotate placed them and ran your reload command, which is Certwright\'s convention.',
    "Guidelines' step 7: open the OVOC Web UI in a browser that trusts root.crt, at the pair's virtual address, and check the certificate it shows is the new server.crt.",
    'OVOC Server Manager, for mutual authentication, on each node: "Trust Store Configuration" to load the root that issued the device certificates, if OVOC\'s trust store does not hold it yet (each server has its own).',
    `OVOC Server Manager: "Set Mutual Authentication" — ${MUTUAL_AUTHENTICATION_OPTIONS} — on each node, if the devices authenticate to OVOC with certificates: certwright cannot drive the Server Manager menus.`,
    'OVOC Web UI, "SBC Devices Communication": if it is Hostname Based, the new server.crt must hold the FQDN the devices use (certwright verify --dir DIR --device-mode hostname --host FQDN); the setting itself stays as it is.',
    ...setHaUpAgain(plan),
    'If the root CA changed, load the new root.pem onto the devices (certwright device push).',
    LEAVE_ALONE,
  ];
}

function setHaUpAgain(plan: RotatePlan): string[] {
  return plan.after.length === 0
    ? ['Set HA up again in the OVOC Server Manager: this plan has no after commands to do it.']
    : [];
}
