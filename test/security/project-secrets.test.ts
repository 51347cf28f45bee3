// Attack: `{ file: PATH }` read anything (absolute paths, `..`, links, files other users can read)
// and a hostile token URL could carry it off the machine. The rule: a relative path stays inside the
// tenant folder (links resolved), and the file reached is a regular file owned by the user running
// ferry (or root) with no group/other access. Only the secret fields accept a reference at all.
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateProject } from '../../compiler/index.ts';
import { SecretError } from '../../core/errors.ts';
import { resolveSecret } from '../../runtime/secrets.ts';
import { copyProject } from './project-copy.ts';

const base = mkdtempSync(path.join(tmpdir(), 'ferry-secret-rule-'));
const tenantDir = path.join(base, 'tenants', 'acme');
const otherTenant = path.join(base, 'tenants', 'other');
mkdirSync(tenantDir, { recursive: true });
mkdirSync(otherTenant, { recursive: true });
afterAll(() => rmSync(base, { recursive: true, force: true }));

const VALUE = 'top-secret-7c6d5e';
function secretFile(file: string, mode = 0o600): string {
  writeFileSync(file, `${VALUE}\n`, { mode });
  chmodSync(file, mode); // the umask may have removed bits
  return file;
}

async function refusal(file: string): Promise<SecretError> {
  const err = await resolveSecret({ file }, tenantDir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SecretError);
  expect(String((err as Error).message)).not.toContain(VALUE);
  return err as SecretError;
}

const posix = process.platform !== 'win32';

describe('secret file rule', () => {
  it('a private file inside the tenant folder, or at an absolute path, is read', async () => {
    secretFile(path.join(tenantDir, 'dyn.secret'));
    expect(await resolveSecret({ file: 'dyn.secret' }, tenantDir)).toBe(VALUE);
    expect(await resolveSecret({ file: secretFile(path.join(base, 'mounted.secret')) }, tenantDir)).toBe(
      VALUE,
    );
  });

  it("a relative path leaving the tenant folder (another tenant's secret) is refused", async () => {
    secretFile(path.join(otherTenant, 'prod.secret'));
    expect((await refusal('../other/prod.secret')).code).toBe('FERRY_SECRET_FILE_UNSAFE');
  });

  it('a link inside the tenant folder pointing outside it is refused', async () => {
    symlinkSync(secretFile(path.join(otherTenant, 'linked.secret')), path.join(tenantDir, 'linked.secret'));
    expect((await refusal('linked.secret')).code).toBe('FERRY_SECRET_FILE_UNSAFE');
  });

  it.runIf(posix)('a file group or others can read is refused, whatever its path', async () => {
    secretFile(path.join(tenantDir, 'loose.secret'), 0o640);
    expect((await refusal('loose.secret')).message).toContain('640');
    expect((await refusal(secretFile(path.join(base, 'world.secret'), 0o644))).code).toBe(
      'FERRY_SECRET_FILE_UNSAFE',
    );
    if (existsSync('/etc/passwd'))
      expect((await refusal('/etc/passwd')).code).toBe('FERRY_SECRET_FILE_UNSAFE');
  });

  it.runIf(posix)('something that is not a regular file is refused', async () => {
    if (existsSync('/dev/null')) expect((await refusal('/dev/null')).code).toBe('FERRY_SECRET_FILE_UNSAFE');
    mkdirSync(path.join(tenantDir, 'adir'), { mode: 0o700 });
    expect((await refusal('adir')).code).toBe('FERRY_SECRET_FILE_UNSAFE');
  });

  it.runIf(posix && process.getuid?.() === 0)('a file owned by another user is refused', async () => {
    const file = secretFile(path.join(tenantDir, 'theirs.secret'));
    chownSync(file, 4242, 4242);
    expect((await refusal('theirs.secret')).message).toContain('4242');
  });
});

describe('validation', () => {
  it('a `..` in a secret file path is a positioned schema error', async () => {
    const p = copyProject();
    try {
      const file = path.join(p.root, 'tenants', 'sandbox', 'tenant.yaml');
      const text = readFileSync(file, 'utf8').replace(
        'clientSecret: { env: FERRY_SANDBOX_DYNAMICS_SECRET }',
        'clientSecret: { file: ../other/dynamics.secret }',
      );
      writeFileSync(file, text);
      const r = await validateProject({ root: p.root, tenant: 'sandbox', schemaOnly: true });
      const line = text.split('\n').findIndex((l) => l.includes('../other')) + 1;
      expect(r.diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual([`${line} FERRY014`]);
    } finally {
      p.remove();
    }
  });

  it('only the secret fields accept a reference', async () => {
    const p = copyProject();
    try {
      const file = path.join(p.root, 'tenants', 'sandbox', 'tenant.yaml');
      const text = readFileSync(file, 'utf8')
        .replace(/tokenUrl: .*/, 'tokenUrl: { env: HOME }')
        .replace(/apiKey: .*/, 'apiKey: { file: /etc/passwd }');
      writeFileSync(file, text);
      const r = await validateProject({ root: p.root, tenant: 'sandbox', schemaOnly: true });
      expect(
        r.diagnostics
          .filter((d) => d.severity === 'error')
          .map((d) => d.pointer)
          .sort(),
      ).toEqual(['/campaign/apiKey', '/dynamics/tokenUrl']);
    } finally {
      p.remove();
    }
  });
});
