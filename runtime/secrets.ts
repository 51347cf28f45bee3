// SecretRef -> value. Errors name the env var or file, never the value.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
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
  const path = isAbsolute(ref.file) ? ref.file : resolve(tenantDir, ref.file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    // The cause is dropped on purpose: fs errors are safe, but keep the rule simple and uniform.
    throw new SecretError('FERRY_SECRET_FILE', `Secret file ${ref.file} cannot be read (${code})`, {
      details: { file: ref.file, code },
    });
  }
  // Editors and `echo` add newlines and padding; tenant.schema.json promises surrounding whitespace is trimmed.
  const value = text.trim();
  if (value === '')
    throw new SecretError('FERRY_SECRET_EMPTY', `Secret file ${ref.file} is empty`, {
      details: { file: ref.file },
    });
  // Known from now on: scrubbed by value from every message, log line and stored row.
  registerSecret(value);
  return value;
}
