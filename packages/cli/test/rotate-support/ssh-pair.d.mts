/** One "node": an OpenSSH server on loopback, its target directory and its HTTPS port. */
export interface TestNode {
  name: string;
  nodeDir: string;
  target: string;
  sshPort: number;
  httpsPort: number;
  /** `type base64` of the node's host key. */
  hostKeyPublic: string;
  /** The reload command: restarts the node's HTTPS server on what the target holds. */
  reload: string;
  log(): string;
}

export interface TestPair {
  user: string;
  clientKey: string;
  knownHosts: string;
  nodes: TestNode[];
  stop(): Promise<void>;
}

export interface TestSet {
  dir: string;
  key: string;
  serverPem: string;
}

export interface PlanYamlOptions {
  knownHosts?: string;
  before?: { node: string; run: string }[];
  after?: { node: string; run: string }[];
  reload?: (node: TestNode, index: number) => string | undefined;
  probeTimeout?: number;
}

export function startSshPair(dir: string, count?: number): Promise<TestPair>;
export function reloadLocally(node: TestNode): Promise<void>;
export function makeServerSet(dir: string, commonName: string): Promise<TestSet>;
export function placeSet(set: TestSet, target: string): Promise<void>;
export function planYaml(pair: TestPair, files: { dir: string; key: string }, options?: PlanYamlOptions): string;
