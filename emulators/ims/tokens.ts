// Access tokens issued by the IMS emulator; Campaign and the journal validate against the same registry.
import type { Clock } from '../common/clock.ts';
import { systemClock } from '../common/clock.ts';
import { Rng } from '../common/prng.ts';

export interface IssuedToken {
  readonly token: string;
  readonly clientId: string;
  readonly expiresAt: number;
}

export class ImsTokens {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly rng: Rng;
  constructor(
    readonly clock: Clock = systemClock,
    seed: number | string = 1,
  ) {
    this.rng = new Rng(`ims:${String(seed)}`);
  }

  issue(clientId: string, lifetimeSeconds: number): IssuedToken {
    let hex = '';
    for (let i = 0; i < 48; i++) hex += this.rng.int(16).toString(16);
    // IMS access tokens are long opaque JWT-looking strings; only opacity matters here.
    const issued = { token: `eyJ${hex}`, clientId, expiresAt: this.clock.now() + lifetimeSeconds * 1000 };
    this.tokens.set(issued.token, issued);
    return issued;
  }

  /** True when the token was issued here and has not expired. */
  validate(token: string | undefined): boolean {
    if (token === undefined) return false;
    const t = this.tokens.get(token);
    return t !== undefined && t.expiresAt > this.clock.now();
  }

  /** Extracts the token of an `Authorization: Bearer <t>` header (scheme is case-insensitive). */
  static bearer(header: string | undefined): string | undefined {
    const m = /^bearer\s+(\S+)\s*$/i.exec(header ?? '');
    return m?.[1];
  }
}
