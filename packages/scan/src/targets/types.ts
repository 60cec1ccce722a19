/** How TLS is reached on an endpoint. */
export type ScanProtocol =
  /** TLS from the first byte (HTTPS, LDAPS on 636, QoE on 5001). */
  | 'tls'
  /** Plain LDAP, then the StartTLS extended operation (389). */
  | 'ldap-starttls'
  /** MS-SQL: TDS 7.x pre-login, then TLS inside pre-login packets (1433). */
  | 'mssql';

/** A network endpoint to scan. */
export interface EndpointTarget {
  kind: 'endpoint';
  host: string;
  port: number;
  protocol: ScanProtocol;
  /**
   * The names clients use to reach it: each is checked against the certificate, and the first is
   * sent as SNI. Empty: the host itself when it is a DNS name, and no SNI for an IP address.
   */
  names: readonly string[];
  /** A label from where the target came from, e.g. an inventory row's device name. */
  label?: string;
  /** What the endpoint is in an OVOC deployment, when known: it selects the guideline its findings cite. */
  role?: EndpointRole;
}

/** The TLS endpoints the OVOC security guidelines list, and AudioCodes devices. */
export type EndpointRole =
  | 'ovoc-https'
  | 'ovoc-qoe'
  | 'ovoc-rest-updates'
  | 'ldaps'
  | 'ldap-starttls'
  | 'mssql'
  | 'device';

/** A local file or folder whose certificates join the report. */
export interface FileTarget {
  kind: 'file';
  path: string;
}

/** What one scan looks at: a TLS endpoint, or a certificate file or folder. */
export type ScanTarget = EndpointTarget | FileTarget;
