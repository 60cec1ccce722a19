// Configuration and device actions: ini files, CLI scripts, save, reset, status, alarms.
import { type ApiRequest, type DeviceControl, jsonBody, uploadedFile } from './api-request.js';
import { parameterDefaults } from './configuration.js';
import { type ParsedIni, parseIni } from './ini-parser.js';
import { writeIni } from './ini-writer.js';
import { describe, emptyReply, fileReply, jsonReply, type Reply } from './reply.js';

export function getIni(device: DeviceControl): Reply {
  return fileReply(writeIni(device.model.running, device.model.openItems.iniTableFormat ?? 'index'));
}

/** The ini in the `file` part, parsed; a reply when the upload is not a readable ini. */
function uploadedIni(request: ApiRequest): ParsedIni | Reply {
  const file = uploadedFile(request);
  if (file === undefined) return describe(400, 'ini file is missing (multipart part "file")');
  const parsed = parseIni(file);
  if (parsed.badLines.length > 0) return describe(400, `ini file is not valid (line ${parsed.badLines.join(', ')})`);
  return parsed;
}

function applyTables(device: DeviceControl, parsed: ParsedIni): void {
  for (const table of parsed.tables) {
    if (table.name.toLowerCase() !== 'tlscontexts') continue;
    for (const row of table.rows) {
      const name = row.values.Name ?? row.values.name;
      if (name !== undefined) device.model.nameTlsContext(row.index, name);
    }
  }
}

export function putIncrementalIni(request: ApiRequest, device: DeviceControl): Reply {
  const parsed = uploadedIni(request);
  if (!('parameters' in parsed)) return parsed;
  device.model.setParameters(parsed.parameters);
  applyTables(device, parsed);
  return describe(200, 'ini file was successfully applied');
}

/** A full ini replaces the configuration, is written to flash and the device resets. */
export function putFullIni(request: ApiRequest, device: DeviceControl): Reply {
  const parsed = uploadedIni(request);
  if (!('parameters' in parsed)) return parsed;
  device.model.replaceParameters({ ...parameterDefaults(device.model.profile), ...parsed.parameters });
  applyTables(device, parsed);
  return {
    ...describe(200, 'ini file was successfully loaded; the device resets'),
    after: device.resetAfterReply(true),
  };
}

/** Accepted, not interpreted: the reply echoes each command as the device's CLI would run it. */
export function putCliScript(request: ApiRequest): Reply {
  const file = uploadedFile(request);
  if (file === undefined) return describe(400, 'CLI script file is missing (multipart part "file")');
  const commands = file.split(/\r?\n/).filter((line) => line.trim() !== '');
  const output = commands.map((command) => `# ${command.trim()}\n`).join('');
  return jsonReply(200, { description: 'CLI script was successfully applied', output });
}

export function saveConfiguration(device: DeviceControl): Reply {
  device.model.save();
  return describe(200, 'Configuration was successfully saved to flash');
}

export function reset(request: ApiRequest, device: DeviceControl): Reply {
  const body = request.body.length === 0 ? {} : jsonBody(request);
  if (!body) return describe(400, 'the request body must be a JSON object');
  const { saveConfiguration: save = false, gracefulTimeout = 0 } = body;
  if (typeof save !== 'boolean' || typeof gracefulTimeout !== 'number') {
    return describe(400, 'saveConfiguration must be a boolean and gracefulTimeout a number');
  }
  return { ...describe(200, 'Device was successfully reset'), after: device.resetAfterReply(save) };
}

/**
 * The fields of the 7.4 Status page. `saveNeeded`/`resetNeeded` as the firmware writes them (strings or
 * booleans); `highAvailability` "Operational" for a unit of an HA pair — synchronisation shows only as 409.
 */
export function status(device: DeviceControl): Reply {
  const { model } = device;
  const requireClientCertificate = model.running.parameters.HTTPSRequireClientCertificate === '1';
  const resetNeeded =
    requireClientCertificate !== device.clientCertificatesRequired ||
    (model.openItems.certificateEffective === 'after-reset' && model.servedPairPending());
  const flag = (value: boolean) => (model.openItems.statusValues === 'strings' ? String(value) : value);
  return jsonReply(200, {
    localTimeStamp: device.now().toISOString(),
    ipAddress: device.host,
    productType: model.profile === 'mp1xx' ? 'MP-118' : 'Mediant 800',
    versionID: device.versionId,
    protocolType: 'SIP',
    operationalState: 'UNLOCKED',
    highAvailability: device.haPair || device.haSynchronizing ? 'Operational' : 'Not Operational',
    serialNumber: device.serialNumber,
    macAddress: device.macAddress,
    systemUpTime: device.upTimeSeconds(),
    saveNeeded: flag(model.saveNeeded),
    resetNeeded: flag(resetNeeded),
    upgradeStatus: 'None',
  });
}

/** Nothing to report: the simulator raises no alarms (an HA window answers 409 before this is reached). */
export function activeAlarms(): Reply {
  return emptyReply(204);
}
