// 150 self-signed RSA-2048 roots made with openssl, for the trust-store rows: about as many as a
// device TLS context holds. One shared key (the stores hold certificates only).
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function makeRoots(work, count) {
  const dir = join(work, 'roots');
  await mkdir(dir, { recursive: true });
  await run('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'root.key'], {
    cwd: dir,
  });
  const files = [];
  for (let i = 0; i < count; i++) {
    const file = `root-${i}.pem`;
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-new',
        '-key',
        'root.key',
        '-subj',
        `/CN=Bench Root ${i}`,
        '-days',
        '3650',
        '-set_serial',
        String(i + 1),
        '-out',
        file,
      ],
      { cwd: dir },
    );
    files.push(join(dir, file));
  }
  const bundle = join(dir, 'bundle.pem');
  await writeFile(bundle, (await Promise.all(files.map((file) => readFile(file, 'utf8')))).join(''));
  await writeFile(join(dir, 'pass.txt'), 'bench-store-pass\n');
  return { dir, files, bundle, passFile: join(dir, 'pass.txt') };
}
