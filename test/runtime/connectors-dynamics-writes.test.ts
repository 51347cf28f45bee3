import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchSize } from '../../runtime/connectors/dynamics/batch-size.ts';
import { DynamicsHttp } from '../../runtime/connectors/dynamics/http.ts';
import { upsertViaBatch } from '../../runtime/connectors/dynamics/writes.ts';
import type { TenantConnectors } from '../../runtime/connectors/index.ts';
import type { HttpResponse, Send } from '../../runtime/http/types.ts';
import type { DynamicsSide } from './connectors-dynamics-fixture.ts';
import { startDynamicsSide } from './connectors-dynamics-fixture.ts';
import { requestText } from '../support/request-text.ts';

const guid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('request too large (413) over the Dataverse emulator', () => {
  let side: DynamicsSide;
  let c: TenantConnectors;
  beforeAll(async () => {
    side = await startDynamicsSide({ maxBodyBytes: 4000 });
  });
  afterAll(async () => {
    await c?.close();
    await side?.close();
  });

  it('$batch shrinks its size until requests fit, and every record is written', async () => {
    c = await side.connect({ upsertMultiple: new Map() });
    const writes = Array.from({ length: 8 }, (_, i) => ({
      entitySet: 'contacts',
      key: guid(500 + i),
      body: { lastname: `L${i}`, description: 'd'.repeat(1200) },
      ref: `w${i}`,
    }));
    const results = await c.dynamics.upsert(writes);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(c.dynamics.batchSize.value).toBeLessThan(4);
    expect(side.dyn.store.count('contact')).toBe(8);
  });

  it('UpsertMultiple splits on 413 as well', async () => {
    const cm = await side.connect();
    const writes = Array.from({ length: 6 }, (_, i) => ({
      entitySet: 'contacts',
      key: guid(600 + i),
      body: { lastname: `M${i}`, description: 'e'.repeat(1200) },
      ref: `m${i}`,
    }));
    const results = await cm.dynamics.upsert(writes);
    await cm.close();
    expect(results.every((r) => r.ok)).toBe(true);
    expect(side.dyn.store.get('contact', guid(605))?.lastname).toBe('M5');
  });
});

describe('$batch part retries (fake server)', () => {
  it('re-sends parts answered 503 in a later batch, gives up after 3 tries', async () => {
    const seen: string[][] = [];
    const send: Send = async (req): Promise<HttpResponse> => {
      const urls = [...requestText(req).matchAll(/PATCH (\S+) HTTP/g)].map((m) => m[1] ?? '');
      seen.push(urls);
      const boundary = 'batchresponse_x';
      const parts = urls.map((u) => {
        const flaky = u.includes('(2)') && seen.length === 1;
        const broken = u.includes('(3)');
        const status = flaky || broken ? '503 Service Unavailable' : '204 No Content';
        const body = flaky || broken ? '{"error":{"code":"","message":"busy"}}' : '';
        return `--${boundary}\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 ${status}\r\n\r\n${body}\r\n`;
      });
      return {
        status: 200,
        headers: { 'content-type': `multipart/mixed; boundary=${boundary}` },
        body: `${parts.join('')}--${boundary}--\r\n`,
        url: req.url,
      };
    };
    const http = new DynamicsHttp(send, 'https://o/api/data/v9.2/');
    const writes = [1, 2, 3, 4].map((n) => ({
      entitySet: 'tasks',
      key: String(n),
      body: { subject: 's' },
      ref: `t${n}`,
    }));
    const results = await upsertViaBatch(http, new BatchSize(10), writes);
    expect(results.map((r) => [r.ref, r.ok, r.status])).toEqual([
      ['t1', true, 204],
      ['t2', true, 204],
      ['t3', false, 503],
      ['t4', true, 204],
    ]);
    expect(results[2]?.error).toBe('busy');
    expect(seen.map((s) => s.length)).toEqual([4, 2, 1]);
  });
});
