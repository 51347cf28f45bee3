// Issued access tokens, shared by the Entra emulator (issuer) and the Web API emulators (validators).
import { createHmac, randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../common/clock.ts';

export interface TokenInfo {
  /** Client id the token was issued to (the `appid`/`oid` of an application user). */
  readonly subject: string;
  readonly tenantId: string;
  /** Resource the scope named, e.g. `https://contoso.crm.dynamics.com`. */
  readonly audience: string;
  readonly expiresAt: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly info: TokenInfo }
  | { readonly ok: false; readonly reason: 'missing' | 'expired' | 'invalid' };

/** What a resource emulator needs: validate a bearer token at the current time. */
export interface TokenValidator {
  check(token: string | undefined): TokenCheck;
}

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** In-memory registry; tokens look like JWTs (header.payload.HMAC) but are checked by lookup. */
export class TokenRegistry implements TokenValidator {
  private readonly tokens = new Map<string, TokenInfo>();
  private readonly key = randomBytes(32);

  constructor(readonly clock: Clock = systemClock) {}

  issue(info: Omit<TokenInfo, 'expiresAt'>, lifetimeSeconds: number): { token: string; info: TokenInfo } {
    const now = this.clock.now();
    const full: TokenInfo = { ...info, expiresAt: now + lifetimeSeconds * 1000 };
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
    const payload = b64url(
      JSON.stringify({
        aud: info.audience,
        iss: `https://sts.windows.net/${info.tenantId}/`,
        iat: Math.floor(now / 1000),
        exp: Math.floor(full.expiresAt / 1000),
        appid: info.subject,
        oid: info.subject,
        tid: info.tenantId,
        jti: randomBytes(8).toString('hex'),
      }),
    );
    const sig = createHmac('sha256', this.key).update(`${header}.${payload}`).digest('base64url');
    const token = `${header}.${payload}.${sig}`;
    this.tokens.set(token, full);
    return { token, info: full };
  }

  check(token: string | undefined): TokenCheck {
    if (token === undefined || token === '') return { ok: false, reason: 'missing' };
    const info = this.tokens.get(token);
    if (info === undefined) return { ok: false, reason: 'invalid' };
    if (this.clock.now() >= info.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, info };
  }

  /** Forgets every token (e.g. to simulate a revoked app). */
  revokeAll(): void {
    this.tokens.clear();
  }

  get size(): number {
    return this.tokens.size;
  }
}
