import type { JournalState, NodePhase } from './journal.js';
import { rotationManualSteps } from './manual-steps.js';
import type { RotatePlan } from './plan.js';
import type { RotationResult } from './run.js';

/** What a node holds and serves at the end of a run, in the operator's terms. */
export type NodeState = 'new' | 'previous' | 'rolled-back' | 'interrupted';

/** One node at the end of a run: what it holds and serves, and how far its rotation got. */
export interface NodeReport {
  name: string;
  host: string;
  target: string;
  state: NodeState;
  phase: NodePhase;
  detail: string;
  /** Why the node was rolled back: ERR_ROTATE_RELOAD_FAILED or ERR_ROTATE_PROBE_MISMATCH. */
  failureCode?: string;
}

/** One pair-level command (`before`/`after`) at the end of a run. */
export interface CommandReport {
  list: 'before' | 'after';
  index: number;
  node: string;
  run: string;
  status: 'done' | 'not run' | 'interrupted' | 'failed';
}

/** The run's report: `--json` prints it as is; the human form is derived from it. */
export interface RotationReport {
  complete: boolean;
  commands: CommandReport[];
  nodes: NodeReport[];
  /** One paragraph: what each node holds and whether the pair is back in HA. */
  pairState: string;
  /** What the operator still has to do by hand (the guidelines' procedures, docs/guidelines.md). */
  manualSteps: string[];
}

/** Builds the report from the journal, which says exactly how far each step got. */
export function buildReport(plan: RotatePlan, state: JournalState, result: RotationResult): RotationReport {
  const complete = result.error === undefined && result.stoppedAt === undefined;
  const commands = (['before', 'after'] as const).flatMap((list) =>
    plan[list].map(
      (command, index): CommandReport => ({
        list,
        index,
        node: command.node,
        run: command.run,
        status: commandStatus(state[list][index] ?? 'pending'),
      }),
    ),
  );
  const nodes = plan.nodes.map((node): NodeReport => {
    const record = state.nodes.find((candidate) => candidate.name === node.name);
    const phase = record?.phase ?? 'pending';
    const restored = result.stoppedAt?.node === node.name ? result.stoppedAt.outcome.restored : undefined;
    return {
      name: node.name,
      host: node.host,
      target: node.target,
      state: nodeState(phase),
      phase,
      detail: nodeDetail(phase, record?.failure, restored),
      ...(record?.failureCode && phase !== 'rotated' ? { failureCode: record.failureCode } : {}),
    };
  });
  return {
    complete,
    commands,
    nodes,
    pairState: pairState(plan, nodes, commands, complete),
    manualSteps: rotationManualSteps(plan, complete),
  };
}

function commandStatus(phase: string): CommandReport['status'] {
  if (phase === 'done' || phase === 'failed') return phase;
  return phase === 'running' ? 'interrupted' : 'not run';
}

function nodeState(phase: NodePhase): NodeState {
  if (phase === 'rotated') return 'new';
  if (phase === 'pending') return 'previous';
  if (phase === 'rolled-back') return 'rolled-back';
  return 'interrupted';
}

function nodeDetail(phase: NodePhase, failure: string | undefined, restored: string | undefined): string {
  switch (phase) {
    case 'rotated':
      return 'new set installed; the HTTPS port serves the new server.crt';
    case 'pending':
      return 'not touched: still holds its previous set';
    case 'rolled-back':
      return `rolled back: ${restored ?? 'the previous set was put back'}${failure ? ` (failure: ${failure})` : ''}`;
    case 'swapping':
      return 'stopped during the swap: the node holds its previous or the new set, possibly with a swap to finish — run again with --resume';
    case 'reloading':
      return 'new set installed but not confirmed served (stopped during reload/probe) — run again with --resume';
    case 'rolling-back':
      return 'stopped while putting the previous set back — run again with --resume to finish the rollback';
  }
}

function pairState(plan: RotatePlan, nodes: NodeReport[], commands: CommandReport[], complete: boolean): string {
  const perNode = nodes.map((node) => `${node.name}: ${stateWords(node.state)}`).join('; ');
  const after = commands.filter((command) => command.list === 'after');
  const before = commands.filter((command) => command.list === 'before');
  if (complete) {
    return plan.after.length > 0
      ? `Every node serves the new certificate (${perNode}); the after commands ran.`
      : `Every node serves the new certificate (${perNode}); the plan has no after commands.`;
  }
  const outOfHa = before.some((command) => command.status !== 'not run');
  const haNote =
    after.length === 0
      ? ''
      : after.every((command) => command.status === 'done')
        ? ''
        : outOfHa
          ? ' The after commands have not (all) run: the pair is still out of HA.'
          : ' Nothing of the plan ran on the pair yet.';
  return `The run stopped. ${perNode}.${haNote}`;
}

function stateWords(state: NodeState): string {
  if (state === 'new') return 'NEW set, served';
  if (state === 'previous') return 'previous set (untouched)';
  if (state === 'rolled-back') return 'previous set (rolled back)';
  return 'INTERRUPTED (resume to settle)';
}
