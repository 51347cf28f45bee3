// The admin token source: FERRY_ADMIN_TOKEN, or a file named by FERRY_ADMIN_TOKEN_FILE (re-read on each use,
// so a rotated token applies at once). One token per line, optionally "label token"; none = read-only page.
import { readFileSync } from 'node:fs';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError, registerSecret } from '../../../core/errors.ts';

export interface AdminTokens {
  /** False: no token configured, the page is read-only. */
  readonly enabled: boolean;
  /** The label of the token presented ("admin" when unlabelled), or null; compared in constant time. */
  match(presented: string): string | null;
}

interface Entry {
  readonly label: string;
  readonly token: string;
}

function parse(text: string, origin: string): Entry[] {
  const entries = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [a, b] = l.split(/\s+/, 2);
      return b === undefined ? { label: 'admin', token: a ?? '' } : { label: a ?? 'admin', token: b };
    });
  if (entries.length === 0) throw new ConfigError('FERRY_ADMIN_TOKEN', `${origin} holds no admin token`);
  for (const e of entries) registerSecret(e.token); // never logged, never shown
  return entries;
}

// Hash first: timingSafeEqual needs equal lengths, and the length of a token must not leak either.
const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
const same = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

export function adminTokensFromEnv(env: NodeJS.ProcessEnv = process.env): AdminTokens {
  const file = env['FERRY_ADMIN_TOKEN_FILE'];
  const inline = env['FERRY_ADMIN_TOKEN'];
  let load: () => Entry[];
  if (file !== undefined && file !== '') {
    const read = (): Entry[] => {
      try {
        return parse(readFileSync(file, 'utf8'), `FERRY_ADMIN_TOKEN_FILE (${file})`);
      } catch (err) {
        if (err instanceof ConfigError) throw err;
        throw new ConfigError('FERRY_ADMIN_TOKEN', `cannot read FERRY_ADMIN_TOKEN_FILE (${file})`, {
          cause: err,
        });
      }
    };
    read(); // fail at start, not on the first login
    load = read;
  } else if (inline !== undefined && inline !== '') {
    const entries = parse(inline, 'FERRY_ADMIN_TOKEN');
    load = () => entries;
  } else return { enabled: false, match: () => null };
  return {
    enabled: true,
    match(presented) {
      if (presented === '') return null;
      let label: string | null = null;
      for (const e of load()) if (same(presented, e.token) && label === null) label = e.label;
      return label;
    },
  };
}
