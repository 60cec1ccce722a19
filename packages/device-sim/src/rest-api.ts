// `/api/v1`: authentication, the level each area needs, HA windows, then the route.
import type { ApiRequest, DeviceControl } from './api-request.js';
import { levelAtLeast, type UserStore } from './auth.js';
import {
  activeAlarms,
  getIni,
  putCliScript,
  putFullIni,
  putIncrementalIni,
  reset,
  saveConfiguration,
  status,
} from './config-routes.js';
import { describe, HA_SYNC_DESCRIPTION, type Reply } from './reply.js';
import { listTlsContexts, routeTlsContext } from './tls-routes.js';
import type { UserLevel } from './types.js';

export const AUTHENTICATE_HEADER = 'Basic realm="AudioCodes device"';

function requiredLevel(area: string | undefined): UserLevel {
  return area === 'status' || area === 'alarms' ? 'monitor' : 'admin';
}

export async function handleApiRequest(request: ApiRequest, device: DeviceControl, users: UserStore): Promise<Reply> {
  const auth = users.authenticate(headerValue(request.headers.authorization), {
    lockout: device.model.openItems.lockout,
    address: request.remoteAddress,
  });
  if (!auth.ok) {
    return { ...describe(401, 'Unauthorized'), headers: { ...jsonHeaders, 'www-authenticate': AUTHENTICATE_HEADER } };
  }
  const [area] = request.segments;
  if (!levelAtLeast(auth.user.level, requiredLevel(area))) {
    const forbidden = device.model.openItems.forbiddenStatus;
    return describe(forbidden, forbidden === 405 ? 'Method not allowed for this user' : 'Forbidden');
  }
  const isStatus = request.method === 'GET' && request.segments.join('/') === 'status';
  if (device.haSynchronizing && !isStatus) return describe(409, HA_SYNC_DESCRIPTION);
  return route(request, device);
}

const jsonHeaders = { 'content-type': 'application/json' };

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function route(request: ApiRequest, device: DeviceControl): Promise<Reply> {
  const path = request.segments.join('/');
  if (path.startsWith('files/tls/')) return routeTlsContext(request, device);
  switch (`${request.method} ${path}`) {
    case 'GET files/tls':
      return listTlsContexts(device);
    case 'GET files/ini':
      return getIni(device);
    case 'PUT files/ini':
      return putFullIni(request, device);
    case 'PUT files/ini/incremental':
      return putIncrementalIni(request, device);
    case 'PUT files/cliScript/incremental':
      return putCliScript(request);
    case 'POST actions/saveConfiguration':
      return saveConfiguration(device);
    case 'POST actions/reset':
      return reset(request, device);
    case 'GET status':
      return status(device);
    case 'GET alarms/active':
      return activeAlarms();
    default:
      return describe(404, 'Not found');
  }
}
