// Who may act: an admin session (cookie from the login form, SameSite=Strict, plus a per-session CSRF token in
// every form) or a bearer admin token; and every POST must come from this page's own origin.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AdminTokens } from './admin-token.ts';
import { cookie } from './http.ts';

export const SESSION_COOKIE = 'ferry_admin';
const SESSION_TTL_MS = 8 * 3600_000;
const MAX_SESSIONS = 1000;

interface Session {
  readonly actor: string;
  readonly csrf: string;
  readonly expires: number;
}

const same = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** Where a request came from is acceptable for a POST: the page's own origin (or a non-browser client). */
export function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return site !== undefined || req.headers.authorization !== undefined;
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

export class Guard {
  private readonly sessions = new Map<string, Session>();

  constructor(
    readonly tokens: AdminTokens,
    private readonly cookiePath: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session for a valid token: the Set-Cookie value, or null when the token is wrong. */
  login(token: string): string | null {
    const actor = this.tokens.match(token);
    if (actor === null) return null;
    // Bounded: the oldest session goes first (Map keeps insertion order).
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value ?? '');
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, {
      actor,
      csrf: randomBytes(32).toString('base64url'),
      expires: this.now() + SESSION_TTL_MS,
    });
    return `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=${this.cookiePath}; Max-Age=${SESSION_TTL_MS / 1000}`;
  }

  logout(req: IncomingMessage): string {
    const id = cookie(req, SESSION_COOKIE);
    if (id !== null) this.sessions.delete(id);
    return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=${this.cookiePath}; Max-Age=0`;
  }

  /** The signed-in session of this request (for showing the action forms with their CSRF token). */
  session(req: IncomingMessage): { actor: string; csrf: string } | null {
    const id = cookie(req, SESSION_COOKIE);
    if (id === null) return null;
    const s = this.sessions.get(id);
    if (s === undefined) return null;
    if (s.expires <= this.now()) {
      this.sessions.delete(id);
      return null;
    }
    return { actor: s.actor, csrf: s.csrf };
  }

  /** The actor allowed to perform a POSTed action, or why not. */
  authorize(req: IncomingMessage, form: URLSearchParams): { actor: string } | { refused: string } {
    if (!this.tokens.enabled) return { refused: 'read-only: no admin token is configured' };
    if (!sameOrigin(req)) return { refused: 'cross-site request refused' };
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const actor = auth.startsWith('Bearer ') ? this.tokens.match(auth.slice(7).trim()) : null;
      return actor === null ? { refused: 'invalid admin token' } : { actor };
    }
    const s = this.session(req);
    if (s === null) return { refused: 'sign in with the admin token first' };
    if (!same(form.get('csrf') ?? '', s.csrf)) return { refused: 'invalid or missing form token' };
    return { actor: s.actor };
  }
}
