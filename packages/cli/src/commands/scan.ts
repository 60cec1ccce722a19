import { commandSpec, flag, integer, list, type OptionsOf, secret, text, variadic } from '../spec/index.js';
import { forceOption } from './shared-options.js';

/** `certwright scan`: what OVOC, its directory and database servers and the devices really serve. */
export const scanSpec = commandSpec({
  path: ['scan'],
  description:
    'Scan TLS endpoints and certificate files: versions and suites accepted, chains, expiry, default certificates; table, JSON, calendar, Prometheus, HTML',
  arguments: {
    targets: variadic(
      '[targets...]',
      '[scheme://]host[:port]; scheme tls (default, port 443), ldap (StartTLS, 389), ldaps (636), mssql (1433)',
    ),
  },
  options: {
    inventory: list('--inventory <file>', 'a device inventory (CSV, JSON or YAML): each device’s management port'),
    ovoc: list('--ovoc <host>', 'an OVOC server: ports 443, 5001 and 8082 (repeatable)'),
    ldap: list('--ldap <host>', 'a directory server: 636 (LDAPS) and 389 (StartTLS) (repeatable)'),
    sql: list('--sql <host>', 'an MS-SQL server: 1433, TLS inside TDS pre-login (repeatable)'),
    files: list('--file <path>', 'a certificate file or folder (PEM, DER, PKCS#7, PKCS#12, JKS) (repeatable)'),
    names: list(
      '--name <name>',
      'a name clients connect with: checked on every certificate, the first sent as SNI (repeatable)',
    ),
    caFile: text('--ca-file <file>', 'trust anchors for chain validation (default: the system store)'),
    ciphers: flag('--ciphers', 'list every accepted suite per version (many more handshakes)'),
    concurrency: integer('--concurrency <n>', 'endpoints scanned at once', 1).default(32),
    timeoutSeconds: integer('--timeout <seconds>', 'per connection', 1).default(10),
    at: text('--at <time>', 'count days from this ISO-8601 time instead of now'),
    failOn: text(
      '--fail-on <list>',
      'exit 1 when a finding matches: expired, expiring:Nd, weak-tls, weak-cipher, default-cert, untrusted, name-mismatch',
    ).default('expired,untrusted'),
    json: flag('--json', 'print the report as JSON on stdout'),
    calendar: text('--calendar <file>', 'write an iCalendar file: one event per certificate at its expiry'),
    remind: text('--remind <list>', 'calendar alarms before each expiry').default('30d,7d'),
    prometheus: text(
      '--prometheus <file>',
      'write the metrics in Prometheus text format (node_exporter textfile collector)',
    ),
    html: text('--html <file>', 'write a self-contained HTML report'),
    force: forceOption('overwrite output files that exist'),
    serve: flag('--serve', 'keep scanning every --interval and serve /metrics on --listen').conflicts(
      'json',
      'calendar',
      'prometheus',
      'html',
    ),
    listen: text('--listen <address>', '--serve: host:port to listen on, e.g. 127.0.0.1:9310'),
    interval: text('--interval <duration>', '--serve: time between scans (s, m, h, d)').default('1h'),
    storepass: secret('storepass', 'password of PKCS#12 and JKS files'),
  },
  examples: `
    certwright scan --ovoc ovoc.example.com --ldap dc1.example.com --sql ovoc-db.example.com --name ovoc.example.com
    certwright scan --inventory devices.csv --ca-file enterprise-root.pem --fail-on expired,expiring:30d,default-cert
    certwright scan ovoc.example.com:443 --ciphers --json
    certwright scan --ovoc ovoc.example.com --file /home/acems/server_certs --calendar expiry.ics --remind 30d,7d --html report.html
    certwright scan --inventory devices.csv --serve --listen 127.0.0.1:9310 --interval 1h
  `,
  exitCodes: [0, 1, 2, 3, 4, 5, 70],
});

export type ScanCommandOptions = OptionsOf<typeof scanSpec>;
