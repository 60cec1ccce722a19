import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { manualSteps, parseWorkflowConfig, type WorkflowRunResult } from '@certwright/deploy';
import { describe, expect, it } from 'vitest';

/**
 * The workflow's "Still to do by hand" list names each Server Manager and Web UI action of the
 * guidelines as docs/guidelines.md writes it out, and what a rotation must leave alone.
 */
const guidelinesPage = fileURLToPath(new URL('../../../docs/guidelines.md', import.meta.url));

const CONFIG = `
key: { type: ec, passphrase: { env: KEY_PASS } }
csr:
  subject: { cn: ovoc.example.com, o: Test, c: US }
  sans: ["dns:ovoc.example.com"]
ca: { lab: { dir: lab-ca, passphrase: { env: CA_PASS } } }
`;

/** A run that did steps 1–4 and 6–7 (5 and 8 skipped: no install or devices configured). */
const RUN = {
  steps: ['1', '2', '3', '4', '5', '6–7', '8'].map((step) => ({
    step,
    status: step === '5' || step === '8' ? 'skipped' : 'done',
  })),
} as unknown as WorkflowRunResult;

async function todo(extra = ''): Promise<string[]> {
  const config = await parseWorkflowConfig(`${CONFIG}${extra}`, 'workflow.yaml', '/tmp');
  return manualSteps(config, RUN);
}

describe('the workflow to-do list against docs/guidelines.md', () => {
  it('names every Server Manager and Web UI procedure the page writes out, by its title', async () => {
    const page = await readFile(guidelinesPage, 'utf8');
    const titles = [...new Set([...page.matchAll(/\*\*“([^”]+)”/g)].map((match) => match[1] as string))];
    expect(titles.sort()).toEqual([
      'SBC Devices Communication',
      'Server Certificates Update',
      'Set Mutual Authentication',
      'Trust Store Configuration',
    ]);
    const list = (await todo()).join('\n');
    for (const title of titles) expect(list).toContain(`"${title}"`);
  });

  it('says which Server Manager / Web UI step each is, and the two mutual-authentication options', async () => {
    const list = await todo();
    const line = (needle: string) => list.find((item) => item.includes(needle)) ?? '';
    expect(line('"Server Certificates Update"')).toMatch(
      /^Guidelines' step 5, OVOC Server Manager.*each server separately/,
    );
    expect(line('"Trust Store Configuration"')).toContain('OVOC Server Manager');
    expect(line('"Set Mutual Authentication"')).toMatch(/IPP option for IP phones, the SBC option/);
    expect(line('HTTPS')).toBe('OVOC Web UI: switch the device connections and the tenant connections to HTTPS.');
    expect(line('Web UI in a browser')).toMatch(/^Guidelines' step 7/);
    expect(line('OVOC HA pair')).toContain('separately on both server machines');
  });

  it('names what a rotation leaves alone: REST 8082, QoE 5001, NBIF, the Floating License certificate', async () => {
    const leave = (await todo()).find((item) => item.startsWith('Leave alone')) ?? '';
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

  it('follows verify.device_mode for "SBC Devices Communication"', async () => {
    const line = (items: string[]) => items.find((item) => item.includes('"SBC Devices Communication"')) ?? '';
    const hostname = line(await todo('verify: { host: ovoc.example.com, device_mode: hostname }\n'));
    expect(hostname).toContain('Hostname Based, with the FQDN ovoc.example.com');
    expect(hostname).toContain('"Verify Certificate SubjectName" switched on at the devices');
    expect(line(await todo('verify: { device_mode: ip }\n'))).toContain('IP based');
    expect(line(await todo())).toContain('choose IP based or Hostname Based');
  });

  it('lists the copy, install and device steps only while they are not done', async () => {
    const list = await todo();
    expect(list.some((item) => item.startsWith("Guidelines' step 4: copy server_certs/"))).toBe(true);
    expect(list.some((item) => item.startsWith("Guidelines' step 8"))).toBe(true);
    const allDone = { steps: RUN.steps.map((step) => ({ ...step, status: 'done' })) } as unknown as WorkflowRunResult;
    const config = await parseWorkflowConfig(CONFIG, 'workflow.yaml', '/tmp');
    const after = manualSteps(config, allDone);
    expect(after.some((item) => item.startsWith("Guidelines' step 4"))).toBe(false);
    expect(after.some((item) => item.startsWith("Guidelines' step 8"))).toBe(false);
    // The Server Manager still has to be run: Certwright cannot do it for any step's outcome.
    expect(after.some((item) => item.includes('"Server Certificates Update"'))).toBe(true);
  });
});
