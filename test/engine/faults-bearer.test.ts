// The bearer policy under expiring tokens (found by faults.test.ts): a token another request refreshed
// earlier may itself have expired by the time this request retries with it.
import { describe, expect, it } from 'vitest';
import { AuthError } from '../../core/errors.ts';
import { bearer, compose } from '../../runtime/http/index.ts';
import type { HttpRequest, HttpResponse } from '../../runtime/http/index.ts';

const res = (status: number): HttpResponse => ({ status, headers: {}, body: '', url: 'https://x/' });
const get: HttpRequest = { method: 'GET', url: 'https://x/a' };
const HOME = { home: 'https://x', service: 'Test' };

function tokenServer() {
  const s = { current: 't1', accepted: new Set(['t1']), forced: 0 };
  const tokens = {
    getToken: async (force?: boolean) => {
      if (force) {
        s.forced++;
        s.current = `t${s.forced + 1}x`;
        s.accepted.add(s.current);
      }
      return s.current;
    },
  };
  return { s, tokens };
}

describe('bearer after 401 with a token refreshed by another request', () => {
  it('forces a new token when the other request’s token is refused too, instead of failing auth', async () => {
    const { s, tokens } = tokenServer();
    let n = 0;
    const send = compose(
      async (r) => {
        // Our request waited (retries) while another refreshed to t2, and both t1 and t2 expired meanwhile.
        if (n++ === 0) {
          s.current = 't2';
          s.accepted.clear();
        }
        return res(s.accepted.has((r.headers?.authorization ?? '').slice(7)) ? 200 : 401);
      },
      bearer(tokens, HOME),
    );
    expect((await send(get)).status).toBe(200);
    expect(s.forced).toBe(1);
  });

  it('still raises AuthError when even a forced new token is refused', async () => {
    const { s, tokens } = tokenServer();
    const send = compose(async () => res(401), bearer(tokens, HOME));
    await expect(send(get)).rejects.toBeInstanceOf(AuthError);
    expect(s.forced).toBe(1);
  });
});
