// `ferry sandbox --campaign-flavor` accepts standard and v8 only (a usage error exits 2 before any server starts).
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/context.ts';
import { main } from '../../cli/main.ts';

describe('ferry sandbox --campaign-flavor', () => {
  it('refuses an unknown flavour with exit code 2', async () => {
    let err = '';
    const io: CliIo = { out: () => undefined, err: (t) => void (err += t), color: false };
    const code = await main(['sandbox', '--campaign-flavor', 'v7', '--port-base', '0'], io);
    expect(code).toBe(2);
    expect(err).toMatch(/--campaign-flavor must be standard or v8/);
  });
});
