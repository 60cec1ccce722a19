import { Command, Option } from 'commander';
import type { ScanCommandOptions } from '../actions/scan.js';
import type { Runner } from '../runner.js';
import { addSecretOptions, collect, helpFooter, parsePositiveInteger, secretSource } from './options.js';

/** `certwright scan`: what OVOC, its directory and database servers and the devices really serve. */
export function scanCommand(runner: Runner): Command {
  const command = new Command('scan')
    .description(
      'Scan TLS endpoints and certificate files: versions and suites accepted, chains, expiry, default certificates; table, JSON, calendar, Prometheus, HTML',
    )
    .argument(
      '[targets...]',
      '[scheme://]host[:port]; scheme tls (default, port 443), ldap (StartTLS, 389), ldaps (636), mssql (1433)',
    )
    .option('--inventory <file>', 'a device inventory (CSV, JSON or YAML): each device’s management port', collect, [])
    .option('--ovoc <host>', 'an OVOC server: ports 443, 5001 and 8082 (repeatable)', collect, [])
    .option('--ldap <host>', 'a directory server: 636 (LDAPS) and 389 (StartTLS) (repeatable)', collect, [])
    .option('--sql <host>', 'an MS-SQL server: 1433, TLS inside TDS pre-login (repeatable)', collect, [])
    .option('--file <path>', 'a certificate file or folder (PEM, DER, PKCS#7, PKCS#12, JKS) (repeatable)', collect, [])
    .option(
      '--name <name>',
      'a name clients connect with: checked on every certificate, the first sent as SNI (repeatable)',
      collect,
      [],
    )
    .option('--ca-file <file>', 'trust anchors for chain validation (default: the system store)')
    .option('--ciphers', 'list every accepted suite per version (many more handshakes)')
    .option('--concurrency <n>', 'endpoints scanned at once', parsePositiveInteger, 32)
    .option('--timeout <seconds>', 'per connection', parsePositiveInteger, 10)
    .option('--at <time>', 'count days from this ISO-8601 time instead of now')
    .option(
      '--fail-on <list>',
      'exit 1 when a finding matches: expired, expiring:Nd, weak-tls, weak-cipher, default-cert, untrusted, name-mismatch',
      'expired,untrusted',
    )
    .option('--json', 'print the report as JSON on stdout')
    .option('--calendar <file>', 'write an iCalendar file: one event per certificate at its expiry')
    .option('--remind <list>', 'calendar alarms before each expiry', '30d,7d')
    .option('--prometheus <file>', 'write the metrics in Prometheus text format (node_exporter textfile collector)')
    .option('--html <file>', 'write a self-contained HTML report')
    .option('--force', 'overwrite output files that exist')
    .addOption(
      new Option('--serve', 'keep scanning every --interval and serve /metrics on --listen').conflicts([
        'json',
        'calendar',
        'prometheus',
        'html',
      ]),
    )
    .option('--listen <address>', '--serve: host:port to listen on, e.g. 127.0.0.1:9310')
    .option('--interval <duration>', '--serve: time between scans (s, m, h, d)', '1h');
  addSecretOptions(command, 'storepass', 'password of PKCS#12 and JKS files');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright scan --ovoc ovoc.example.com --ldap dc1.example.com --sql ovoc-db.example.com --name ovoc.example.com',
        'certwright scan --inventory devices.csv --ca-file enterprise-root.pem --fail-on expired,expiring:30d,default-cert',
        'certwright scan ovoc.example.com:443 --ciphers --json',
        'certwright scan --ovoc ovoc.example.com --file /home/acems/server_certs --calendar expiry.ics --remind 30d,7d --html report.html',
        'certwright scan --inventory devices.csv --serve --listen 127.0.0.1:9310 --interval 1h',
      ],
      [0, 1, 2, 3, 4, 5, 70],
    ),
  );
  return command.action(async (targets: string[], raw: Record<string, unknown>) =>
    runner.run('scan', toScanOptions(targets, raw), async () => (await import('../actions/scan.js')).scanAction),
  );
}

export function toScanOptions(targets: string[], raw: Record<string, unknown>): ScanCommandOptions {
  return {
    targets,
    inventory: raw.inventory as string[],
    ovoc: raw.ovoc as string[],
    ldap: raw.ldap as string[],
    sql: raw.sql as string[],
    files: raw.file as string[],
    names: raw.name as string[],
    caFile: raw.caFile as string | undefined,
    ciphers: raw.ciphers === true,
    concurrency: raw.concurrency as number,
    timeoutSeconds: raw.timeout as number,
    at: raw.at as string | undefined,
    failOn: raw.failOn as string,
    json: raw.json === true,
    calendar: raw.calendar as string | undefined,
    remind: raw.remind as string,
    prometheus: raw.prometheus as string | undefined,
    html: raw.html as string | undefined,
    force: raw.force === true,
    serve: raw.serve === true,
    listen: raw.listen as string | undefined,
    interval: raw.interval as string,
    storepass: secretSource(raw, 'storepass'),
  };
}
