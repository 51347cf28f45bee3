import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/context.ts';
import { main } from '../../cli/main.ts';

async function ferry(...args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const io: CliIo = { out: () => undefined, err: (t) => void (err += `${t}\n`), color: false };
  return { code: await main(args, io), err };
}

describe('ferry sandbox --tenant', () => {
  it('refuses an unknown tenant (exit 2) and names the known ones, before starting anything', async () => {
    const r = await ferry('sandbox', '--tenant', 'nope', '--root', '.', '--port-base', '0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown tenant "nope".*known tenants: .*sandbox-classic/);
  });

  it('refuses a negative --rows', async () => {
    const r = await ferry('sandbox', '--rows', '-1', '--port-base', '0');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--rows');
  });
});
