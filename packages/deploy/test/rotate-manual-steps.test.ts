import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../src/index.js';
import type { JournalState } from '../src/rotate/journal.js';
import { buildReport } from '../src/rotate/report.js';

/**
 * `rotate`'s "left to do by hand" list names each Server Manager and Web UI procedure of the
 * guidelines that applies once an HA pair has its new certificates, as docs/guidelines.md writes
 * them out, and what a rotation must leave alone (the same source as the workflow's list).
 */
const guidelinesPage = fileURLToPath(new URL('../../../docs/guidelines.md', import.meta.url));

const PLAN = `
files: { dir: certs, key: server.key }
defaults: { user: root, identity_file: id, known_hosts: known_hosts, reload: "true", probe: { port: 443 } }
before: [{ node: node1, run: "ha-off" }]
nodes:
  - { name: node1, host: 192.0.2.11, target: /srv/certs }
  - { name: node2, host: 192.0.2.12, target: /srv/certs }
`;
const AFTER = 'after: [{ node: node2, run: "ha-on" }]\n';

const context = { source: 'ha.yaml', baseDir: '/tmp', home: undefined, knownHostsOptional: false };

/** The to-do list of a run that rotated both nodes, or stopped with the first rolled back. */
async function todo(options: { complete: boolean; after?: boolean }): Promise<string[]> {
  const plan = await parsePlan(`${PLAN}${options.after === false ? '' : AFTER}`, context);
  const state: JournalState = {
    version: 1,
    digest: 'digest',
    startedAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:05:00.000Z',
    before: plan.before.map(() => 'done'),
    nodes: plan.nodes.map((node, index) => ({
      name: node.name,
      phase: options.complete ? 'rotated' : index === 0 ? 'rolled-back' : 'pending',
    })),
    after: plan.after.map(() => (options.complete ? 'done' : 'pending')),
  };
  const result = options.complete ? {} : { error: new Error('reload failed') };
  return buildReport(plan, state, result).manualSteps;
}

describe('the rotate to-do list against docs/guidelines.md', () => {
  it('names every Server Manager and Web UI procedure the page writes out, by its title', async () => {
    const page = await readFile(guidelinesPage, 'utf8');
    const titles = [...new Set([...page.matchAll(/\*\*“([^”]+)”/g)].map((match) => match[1] as string))];
    // Each applies after a rotation; a procedure added to the page fails here until the list says it.
    expect(titles.sort()).toEqual([
      'SBC Devices Communication',
      'Server Certificates Update',
      'Set Mutual Authentication',
      'Trust Store Configuration',
    ]);
    const list = (await todo({ complete: true })).join('\n');
    for (const title of titles) expect(list).toContain(`"${title}"`);
  });

  it('says where each is done: the Server Manager on each node in turn, the Web UI once', async () => {
    const list = await todo({ complete: true });
    const line = (needle: string) => list.find((item) => item.includes(needle)) ?? '';
    expect(line('"Server Certificates Update"')).toMatch(/^Guidelines' step 5, OVOC Server Manager.*each node in turn/);
    expect(line('"Trust Store Configuration"')).toMatch(/OVOC Server Manager.*each node/);
    expect(line('"Set Mutual Authentication"')).toMatch(/IPP option for IP phones, the SBC option/);
    expect(line('"Set Mutual Authentication"')).toContain('each node');
    expect(line('"SBC Devices Communication"')).toContain('--device-mode hostname');
    expect(line('Web UI in a browser')).toMatch(/^Guidelines' step 7/);
  });

  it('names what a rotation leaves alone: REST 8082, QoE 5001, NBIF, the Floating License certificate', async () => {
    const leave = (await todo({ complete: true })).find((item) => item.startsWith('Leave alone')) ?? '';
    for (const part of [
      'port 8082',
      'port 5001',
      'NBIF',
      'Floating License',
      'must not be replaced, deleted or modified',
    ]) {
      expect(leave).toContain(part);
    }
  });

  it('a stopped run lists the resume, not the procedures for certificates the pair does not serve yet', async () => {
    const list = await todo({ complete: false });
    expect(list[0]).toMatch(/--resume/);
    expect(list.join('\n')).not.toMatch(/Server Certificates Update|Set Mutual Authentication|Leave alone/);
  });

  it('asks for HA to be set up again only when the plan has no after commands', async () => {
    const ha = (items: string[]) => items.some((item) => item.startsWith('Set HA up again'));
    expect(ha(await todo({ complete: true }))).toBe(false);
    expect(ha(await todo({ complete: true, after: false }))).toBe(true);
    expect(ha(await todo({ complete: false, after: false }))).toBe(true);
  });
});
