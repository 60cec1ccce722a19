import { INSTALL_FILES } from '@certwright/core';
import { setId, type LoadedSet } from './file-sets.js';
import type { JournalState } from './journal.js';
import { entriesForHost, type KnownHostEntry, knownHostsName } from '../ssh/known-hosts.js';
import type { PlanCommand, PlanNode, RotatePlan } from './plan.js';
import { describe } from './probe.js';

/** One thing a run would do, in order. */
export interface PlannedAction {
  step: string;
  node: string;
  /** False when the journal says it is done (a dry run of --resume). */
  pending: boolean;
  actions: string[];
}

/** Every action a run would take, without connecting anywhere or changing anything. */
export function planActions(
  plan: RotatePlan,
  sets: ReadonlyMap<string, LoadedSet>,
  journal: JournalState | undefined,
  /** By file; undefined when host keys are not checked. */
  knownHosts: ReadonlyMap<string, KnownHostEntry[]> | undefined,
): PlannedAction[] {
  const commands = (list: 'before' | 'after') =>
    plan[list].map((command, index) => commandAction(plan, list, index, command, journal?.[list][index] !== 'done'));
  const nodes = plan.nodes.map((node) => {
    const phase = journal?.nodes.find((record) => record.name === node.name)?.phase;
    return nodeAction(
      node,
      sets.get(setId(node.files)) as LoadedSet,
      phase !== 'rotated',
      hostKeyNote(node, knownHosts),
    );
  });
  return [...commands('before'), ...nodes, ...commands('after')];
}

function commandAction(
  plan: RotatePlan,
  list: 'before' | 'after',
  index: number,
  command: PlanCommand,
  pending: boolean,
): PlannedAction {
  const node = plan.nodes.find((candidate) => candidate.name === command.node) as PlanNode;
  return {
    step: `${list}[${index}]`,
    node: node.name,
    pending,
    actions: [`run on ${node.user}@${node.host}:${node.port} (timeout ${command.timeoutSeconds} s): ${command.run}`],
  };
}

/** Whether known_hosts lists a key for the node: a run would refuse a node it does not. */
function hostKeyNote(node: PlanNode, knownHosts: ReadonlyMap<string, KnownHostEntry[]> | undefined): string {
  if (knownHosts === undefined || node.knownHosts === undefined) return 'host key NOT checked';
  const name = knownHostsName(node.host, node.port);
  const listed = entriesForHost(knownHosts.get(node.knownHosts) ?? [], node.host, node.port).length;
  return listed === 0
    ? `host key checked against ${node.knownHosts}, which lists NO key for ${name}: the run will refuse this node`
    : `host key checked against ${node.knownHosts} (${listed} key(s) listed for ${name})`;
}

function nodeAction(node: PlanNode, set: LoadedSet, pending: boolean, hostKey: string): PlannedAction {
  const certificates = set.check.certificates.map((entry) => entry.name).join(', ');
  const backups = node.backupDir ?? `${node.target}.backups`;
  const sni = node.probe.serverName === undefined ? '' : ` (SNI ${node.probe.serverName})`;
  return {
    step: 'node',
    node: node.name,
    pending,
    actions: [
      `connect over SSH to ${node.user}@${node.host}:${node.port} with ${node.identityFile}; ${hostKey}`,
      `finish any interrupted swap in ${node.target}`,
      `upload over SFTP and swap into ${node.target}: ${certificates} (0644), ${INSTALL_FILES.key} (0600), from ${set.source.dir} and ${set.source.key}; previous set backed up under ${backups}/<timestamp>`,
      `reload (timeout ${node.reloadTimeoutSeconds} s): ${node.reload}`,
      `probe ${node.probe.host}:${node.probe.port}${sni} until it serves ${describe(set.serverDer)} (up to ${node.probe.timeoutSeconds} s)`,
      'on a failed reload or probe: put the previous set back, reload again, stop before the next node',
    ],
  };
}
