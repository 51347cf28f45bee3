// SecretRef -> value. Errors name the env var or file, never the value.
// The rule for `{ file: PATH }` (docs/security.md): a relative path is resolved against the tenant
// folder and, symlinks resolved, must stay inside it; an absolute path is taken as given (mounted
// secrets). Either way the file reached must be a regular file owned by the user running ferry (or
// root) that group and others cannot access, as ssh demands of private keys.
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { SecretRef } from '../core/model/tenant.ts';
import { registerSecret, SecretError } from '../core/errors.ts';

export async function resolveSecret(
  ref: SecretRef,
  tenantDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if ('env' in ref) {
    const value = env[ref.env];
    if (value === undefined || value === '') {
      throw new SecretError('FERRY_SECRET_MISSING', `Environment variable ${ref.env} is not set (or empty)`, {
        details: { env: ref.env },
      });
    }
    registerSecret(value);
    return value;
  }
  // Editors and `echo` add newlines and padding; tenant.schema.json promises surrounding whitespace is trimmed.
  const value = (await readSecretFile(ref.file, tenantDir)).trim();
  if (value === '')
    throw new SecretError('FERRY_SECRET_EMPTY', `Secret file ${ref.file} is empty`, {
      details: { file: ref.file },
    });
  // Known from now on: scrubbed by value from every message, log line and stored row.
  registerSecret(value);
  return value;
}

const unsafe = (file: string, reason: string): SecretError =>
  new SecretError('FERRY_SECRET_FILE_UNSAFE', `Secret file ${file} is refused: ${reason}`, {
    details: { file, reason },
  });

const inside = (base: string, real: string): boolean => {
  const rel = relative(base, real);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
};

async function readSecretFile(file: string, tenantDir: string): Promise<string> {
  const code = (err: unknown): string => (err as { code?: string }).code ?? 'error';
  let real: string;
  try {
    real = await realpath(isAbsolute(file) ? file : resolve(tenantDir, file));
    if (!isAbsolute(file) && !inside(await realpath(tenantDir), real))
      throw unsafe(file, 'a relative path must stay inside the tenant folder (symbolic links resolved)');
  } catch (err) {
    if (err instanceof SecretError) throw err;
    // The cause is dropped on purpose: fs errors are safe, but keep the rule simple and uniform.
    throw new SecretError('FERRY_SECRET_FILE', `Secret file ${file} cannot be read (${code(err)})`, {
      details: { file, code: code(err) },
    });
  }
  // Checks run on the opened descriptor, so the file checked is the file read.
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW).catch((err: unknown) => {
    throw new SecretError('FERRY_SECRET_FILE', `Secret file ${file} cannot be read (${code(err)})`, {
      details: { file, code: code(err) },
    });
  });
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw unsafe(file, 'it is not a regular file');
    const uid = process.getuid?.(); // undefined on Windows, which has no such modes
    if (uid !== undefined) {
      if (st.uid !== uid && st.uid !== 0)
        throw unsafe(file, `it is owned by user id ${st.uid}, not by the user running ferry (${uid})`);
      const mode = st.mode & 0o777;
      if ((mode & 0o077) !== 0)
        throw unsafe(file, `its mode ${mode.toString(8)} lets group or others access it (chmod 600 it)`);
    }
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
