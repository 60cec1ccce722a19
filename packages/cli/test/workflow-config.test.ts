import { describe, expect, it } from 'vitest';
import { parseWorkflowConfig } from '@certwright/deploy';

const base = `
key: { type: ec, passphrase: { env: KP } }
csr: { subject: { cn: ovoc.example.com, o: Example, c: US }, sans: ["dns:ovoc.example.com", "ip:192.0.2.1"] }
ca: { lab: { dir: lab-ca, passphrase: { file: ca-pass.txt } } }
`;

function parse(text: string) {
  return parseWorkflowConfig(text, 'workflow.yaml', '/tmp/x');
}

/** The error a config raises: its code and the field it names. */
async function failure(text: string): Promise<{ code: string; field: string | undefined; message: string }> {
  try {
    await parse(text);
  } catch (error) {
    const { code, field, message } = error as { code: string; field?: string; message: string };
    return { code, field, message };
  }
  throw new Error('config was accepted');
}

describe('workflow config', () => {
  it('reads a minimal config with defaults', async () => {
    const config = await parse(base);
    expect(config.key).toEqual({
      file: 'server.key',
      type: 'ec',
      bits: undefined,
      curve: undefined,
      encrypt: true,
      passphrase: { env: 'KP' },
    });
    expect(config.csr.sans).toEqual(['dns:ovoc.example.com', 'ip:192.0.2.1']);
    expect(config.ca).toMatchObject({
      mode: 'lab',
      dir: 'lab-ca',
      intermediates: 2,
      days: 397,
      certificate: 'server.crt',
    });
    expect(config.serverCerts).toBe('server_certs');
    expect(config.install).toBeUndefined();
    expect(config.verify).toEqual({ host: undefined, connect: undefined, warnDays: 30 });
  });

  it('reads an enterprise CA, install, verify and devices', async () => {
    const config = await parse(`
key: { file: k.pem, type: rsa, bits: 4096, passphrase: { prompt: true } }
csr: { file: r.csr, subject: { cn: ovoc.example.com } }
ca: { files: ["reply/*.cer", reply/root.p7b], storepass: { env: SP } }
server_certs: certs
install: { target: /opt/ovoc/server_certs, backup_dir: backups, reload: "systemctl reload ovoc" }
verify: { host: ovoc.example.com, connect: "ovoc.example.com:443", warn_days: 60 }
devices: { inventory: devices.csv, board_dir: board, concurrency: 4 }
`);
    expect(config.ca).toEqual({ mode: 'external', files: ['reply/*.cer', 'reply/root.p7b'], storepass: { env: 'SP' } });
    expect(config.install).toEqual({
      target: '/opt/ovoc/server_certs',
      backupDir: 'backups',
      reload: 'systemctl reload ovoc',
    });
    expect(config.verify).toEqual({ host: 'ovoc.example.com', connect: 'ovoc.example.com:443', warnDays: 60 });
    expect(config.devices).toMatchObject({ inventory: 'devices.csv', boardDir: 'board', concurrency: 4 });
  });

  it.each([
    ['key: [', 'ERR_WORKFLOW_CONFIG_SYNTAX', undefined],
    ['csr: { subject: { cn: a } }\nca: { files: [x] }', 'ERR_WORKFLOW_CONFIG_INVALID', 'key'],
    [base.replace('type: ec', 'type: dsa'), 'ERR_WORKFLOW_CONFIG_INVALID', 'key.type'],
    [base.replace('type: ec', 'type: ec, bits: 3072'), 'ERR_WORKFLOW_CONFIG_INVALID', 'key.bits'],
    [base.replace('{ env: KP }', 'hunter2'), 'ERR_WORKFLOW_CONFIG_INVALID', 'key.passphrase'],
    [base.replace('{ env: KP }', '{ env: KP, file: p.txt }'), 'ERR_WORKFLOW_CONFIG_INVALID', 'key.passphrase'],
    [base.replace('passphrase: { env: KP }', 'encrypt: true'), 'ERR_WORKFLOW_CONFIG_INVALID', 'key.passphrase'],
    [base.replace('c: US', 'c: us'), 'ERR_WORKFLOW_CONFIG_INVALID', 'csr.subject.c'],
    [base.replace('"ip:192.0.2.1"', '"ip:999.1.1.1"'), 'ERR_WORKFLOW_CONFIG_INVALID', 'csr.sans[2]'],
    [base.replace('lab: {', 'files: [x], lab: {'), 'ERR_WORKFLOW_CONFIG_INVALID', 'ca.files'],
    [
      base.replace('dir: lab-ca', 'dir: lab-ca, intermediates: 3'),
      'ERR_WORKFLOW_CONFIG_INVALID',
      'ca.lab.intermediates',
    ],
    [`${base}verify: { connect: "ovoc.example.com" }`, 'ERR_WORKFLOW_CONFIG_INVALID', 'verify.connect'],
    [`${base}install: { reload: x }`, 'ERR_WORKFLOW_CONFIG_INVALID', 'install.target'],
    [`${base}instal: { target: x }`, 'ERR_WORKFLOW_CONFIG_INVALID', 'instal'],
    [base.replace('type: ec', 'type: ec, curv: P-256'), 'ERR_WORKFLOW_CONFIG_INVALID', 'key.curv'],
  ])('rejects %j with %s naming %s', async (text, code, field) => {
    const error = await failure(text);
    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message).toMatch(/^workflow\.yaml/);
  });

  it('points at the likely typo when a required field is missing', async () => {
    const typo = await failure(base.replace(/^key:/m, 'kye:'));
    expect(typo.message).toBe('workflow.yaml: key: is required; is "kye" a typo of it?');
    const absent = await failure('csr: { subject: { cn: a } }\nca: { files: [x] }');
    expect(absent.message).toBe('workflow.yaml: key: is required');
  });

  it('never puts a mistaken plain-text secret into the error message', async () => {
    const error = await failure(base.replace('{ env: KP }', 'hunter2'));
    expect(error.message).not.toContain('hunter2');
  });
});

describe('examples/workflow.yaml', () => {
  it('is a valid config', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL('../../../examples/workflow.yaml', import.meta.url), 'utf8');
    const config = await parseWorkflowConfig(text, 'examples/workflow.yaml', '/tmp/x');
    expect(config.ca.mode).toBe('external');
    expect(config.install?.target).toBe('/home/acems/server_certs');
  });
});
