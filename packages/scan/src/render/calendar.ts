// RFC 5545 calendar: one VEVENT per certificate on its notAfter (UTC), one VALARM per reminder.
import type { CertificateSummary } from '../analysis/certificate-summary.js';
import type { ScanReport } from '../report/types.js';

/** What the calendar needs besides the report. */
export interface CalendarOptions {
  /** Reminders, in days before notAfter (`--remind 30d,7d` → [30, 7]). */
  remindDays: readonly number[];
  /** DTSTAMP: when the calendar was made (default the report's clock). */
  stamp?: Date;
}

/**
 * An iCalendar file with one event per distinct certificate (by fingerprint) at its notAfter,
 * naming every target and file it was found on, with a display alarm per reminder offset.
 */
export function renderCalendar(report: ScanReport, options: CalendarOptions): string {
  const stamp = icsTime(options.stamp ?? new Date(report.at));
  const places = certificatePlaces(report);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Certwright//certwright scan//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  for (const { certificate, where } of places.values()) {
    const subject = certificate.subject || '(empty subject)';
    lines.push(
      'BEGIN:VEVENT',
      `UID:${certificate.fingerprintSha256.replaceAll(':', '').toLowerCase()}@certwright`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsTime(new Date(certificate.notAfter))}`,
      'DURATION:PT1H',
      `SUMMARY:${text(`Certificate expires: ${subject}`)}`,
      `DESCRIPTION:${text(description(certificate, where))}`,
      'TRANSP:TRANSPARENT',
    );
    for (const days of options.remindDays) {
      lines.push(
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        `TRIGGER:-P${days}D`,
        `DESCRIPTION:${text(`${subject} expires in ${days} days`)}`,
        'END:VALARM',
      );
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** Each distinct certificate with the targets and files that hold it. */
function certificatePlaces(report: ScanReport): Map<string, { certificate: CertificateSummary; where: string[] }> {
  const places = new Map<string, { certificate: CertificateSummary; where: string[] }>();
  const add = (certificate: CertificateSummary, where: string) => {
    const entry = places.get(certificate.fingerprintSha256) ?? { certificate, where: [] };
    if (!entry.where.includes(where)) entry.where.push(where);
    places.set(certificate.fingerprintSha256, entry);
  };
  for (const endpoint of report.endpoints)
    for (const certificate of endpoint.chain?.certificates ?? []) add(certificate, endpoint.target);
  for (const file of report.files) for (const certificate of file.certificates) add(certificate, file.path);
  return places;
}

function description(certificate: CertificateSummary, where: readonly string[]): string {
  const shown = where.slice(0, 20).join(', ');
  const more = where.length > 20 ? ` and ${where.length - 20} more` : '';
  return [
    `Subject: ${certificate.subject}`,
    `Issuer: ${certificate.issuer}`,
    `Not after: ${certificate.notAfter}`,
    `SHA-256: ${certificate.fingerprintSha256}`,
    `Found on: ${shown}${more}`,
  ].join('\n');
}

/** `20270101T000000Z`. */
function icsTime(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
function text(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1). */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    while (end < bytes.length && ((bytes[end] as number) & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // continuation lines start with a space
  }
  return parts.join('\r\n ');
}
