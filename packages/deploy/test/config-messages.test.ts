import { ConfigFields } from '@certwright/core';
import { describe, expect, it } from 'vitest';
import { parsePlan, parseWorkflowConfig } from '../src/index.js';

const PLAN = `
files: { dir: certs, key: server.key }
defaults: { user: root, identity_file: id, known_hosts: known_hosts, probe: { port: 443 } }
nodes:
  - { name: primary, host: 192.0.2.11, target: /srv/certs, reload: "true" }
`;

const CONFIG = `
key: { type: ec, passphrase: { env: KP } }
csr: { subject: { cn: ovoc.example.com } }
ca: { lab: { dir: lab-ca, passphrase: { env: CP } } }
`;

const planContext = { source: 'ha.yaml', baseDir: '/plans', home: '/home/op', knownHostsOptional: false };

async function planMessage(text: string): Promise<string> {
  return parsePlan(text, planContext).then(
    () => 'accepted',
    (error: Error) => error.message,
  );
}

async function configMessage(text: string): Promise<string> {
  return parseWorkflowConfig(text, 'workflow.yaml', '/tmp').then(
    () => 'accepted',
    (error: Error) => error.message,
  );
}

/** The same fault in the workflow config and the HA plan reads the same: `file: field: problem`. */
describe('one message style for the config formats', () => {
  it('accepts both samples', async () => {
    expect(await planMessage(PLAN)).toBe('accepted');
    expect(await configMessage(CONFIG)).toBe('accepted');
  });

  it('a number out of range', async () => {
    expect(await planMessage(PLAN.replace('port: 443', 'port: 0'))).toBe(
      'ha.yaml: defaults.probe.port: must be a whole number from 1 to 65535',
    );
    expect(await configMessage(CONFIG.replace('dir: lab-ca,', 'dir: lab-ca, days: 0,'))).toBe(
      'workflow.yaml: ca.lab.days: must be a whole number from 1 to 36500',
    );
  });

  it('a required field that is missing', async () => {
    expect(await planMessage(PLAN.replace('host: 192.0.2.11, ', ''))).toBe('ha.yaml: nodes[0].host: is required');
    expect(await configMessage(CONFIG.replace(/^csr:.*$/m, ''))).toBe('workflow.yaml: csr: is required');
  });

  it('a field nobody asked for', async () => {
    expect(await planMessage(PLAN.replace('reload:', 'reload_cmd:'))).toMatch(
      /^ha\.yaml: nodes\[0\]\.reload_cmd: unknown field \(expected one of name, host, target, files, port, /,
    );
    expect(await configMessage(CONFIG.replace('type: ec', 'type: ec, curv: P-256'))).toMatch(
      /^workflow\.yaml: key\.curv: unknown field \(expected one of type, bits, curve, /,
    );
  });

  it('text where a mapping belongs, and YAML that does not parse', async () => {
    expect(await planMessage('- a\n')).toBe('ha.yaml: must be a mapping (key: value)');
    expect(await configMessage('- a\n')).toBe('workflow.yaml: must be a mapping (key: value)');
    expect(await planMessage('nodes: [\n')).toMatch(/^ha\.yaml: not valid YAML: .* at line 2, column 1$/);
    expect(await configMessage('key: [\n')).toMatch(/^workflow\.yaml: not valid YAML: .* at line 2, column 1$/);
  });
});

describe('ConfigFields', () => {
  const fail = (fault: { message: string }) => new Error(fault.message);

  it('points a missing field at a key that looks like its typo', () => {
    const fields = ConfigFields.root({ reload_cmd: 'x', relaod: 'y' }, { source: 'f.yaml', fail });
    expect(() => fields.text('reload')).toThrow('f.yaml: reload: is required; is "relaod" a typo of it?');
  });

  it('takes whole numbers as text only when asked (a CSV cell)', () => {
    const cell = { port: '8443' };
    expect(() => ConfigFields.root(cell, { source: 'd.csv', fail }).integer('port', { min: 1, max: 65535 })).toThrow(
      'd.csv: port: must be a whole number from 1 to 65535',
    );
    const fields = ConfigFields.root(cell, { source: 'd.csv', fail, numbersAsText: true });
    expect(fields.integer('port', { min: 1, max: 65535 })).toBe(8443);
  });

  it('refuses an unknown field before a missing one when the fields are declared first', () => {
    const fields = ConfigFields.root({ nmae: 'a' }, { source: 'f.yaml', fail });
    expect(() => fields.only(['name'])).toThrow('f.yaml: nmae: unknown field (expected one of name)');
  });
});
