// A REST request as the routes see it (body read in full), and what they may do to the device.
import type { IncomingHttpHeaders } from 'node:http';
import type { DeviceModel } from './device-model.js';
import { type FormPart, parseMultipart } from './multipart.js';

export interface ApiRequest {
  method: string;
  /** Path segments after `/api/v1`. */
  segments: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Where the request came from (a lockout by address counts failures per address). */
  remoteAddress: string;
}

/** The device as the routes reach it. */
export interface DeviceControl {
  model: DeviceModel;
  host: string;
  serialNumber: string;
  macAddress: string;
  /** `versionID` in `GET status`. */
  versionId: string;
  /** Whether this device is one address in front of an HA pair (`highAvailability: "Operational"`). */
  haPair: boolean;
  haSynchronizing: boolean;
  /** The device's own clock (it may be off). */
  now(): Date;
  /** Seconds since the device last started or reset. */
  upTimeSeconds(): number;
  /** Whether the listener demands client certificates now (HTTPSRequireClientCertificate takes effect on reset). */
  clientCertificatesRequired: boolean;
  /** Resets the device (saving first when asked) once the answer is sent. */
  resetAfterReply(save: boolean): () => void;
}

export function formParts(request: ApiRequest): FormPart[] | undefined {
  const contentType = request.headers['content-type'];
  return parseMultipart(Array.isArray(contentType) ? contentType[0] : contentType, request.body);
}

/** The `file` part's text, or undefined when the body is not multipart with such a part. */
export function uploadedFile(request: ApiRequest): string | undefined {
  return formParts(request)
    ?.find((part) => part.name === 'file')
    ?.data.toString('utf8');
}

export function formField(request: ApiRequest, name: string): string | undefined {
  return formParts(request)
    ?.find((part) => part.name === name)
    ?.data.toString('utf8');
}

/** A JSON body, or undefined when it is not a JSON object. */
export function jsonBody(request: ApiRequest): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(request.body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
