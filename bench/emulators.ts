// Emulator benchmarks: Dynamics read/write throughput (undici Pool, N concurrent loops) and memory with 1M contacts.
import { Pool } from 'undici';
import { Rng } from '../emulators/common/prng.ts';
import { startDynamicsEmulator, type DynamicsEmulator } from '../emulators/dynamics/index.ts';
import { TokenRegistry } from '../emulators/entra/tokens.ts';
import { dynamicsMetadata } from '../test/emulators/dynamics-fixture.ts';
import type { BenchOptions, BenchResult, BenchRun } from './types.ts';

export interface LoadRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly perSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Runs `concurrency` loops against `origin` for `durationMs`; `next(i)` builds each request. Reusable for any emulator. */
export async function measureThroughput(
  origin: string,
  concurrency: number,
  durationMs: number,
  next: (i: number) => LoadRequest,
): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });
  const lat: number[] = [];
  let n = 0;
  let errors = 0;
  const end = performance.now() + durationMs;
  const loop = async () => {
    while (performance.now() < end) {
      const req = next(n++);
      const t0 = performance.now();
      try {
        const r = await pool.request({
          method: req.method,
          path: req.path,
          headers: req.headers ?? {},
          ...(req.body !== undefined ? { body: req.body } : {}),
        });
        await r.body.dump();
        if (r.statusCode >= 400) errors++;
      } catch {
        errors++;
      }
      lat.push(performance.now() - t0);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = performance.now() - start;
  await pool.close();
  lat.sort((a, b) => a - b);
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] ?? 0;
  return {
    requests: lat.length,
    errors,
    perSec: lat.length / (elapsed / 1000),
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
  };
}

/** Samples RSS and heap every 50 ms while `fn` runs; returns the peaks in MB. */
export async function peakMemory<T>(
  fn: () => Promise<T> | T,
): Promise<{ value: T; rssMb: number; heapMb: number }> {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  try {
    const value = await fn();
    sample();
    return { value, rssMb: rss / 2 ** 20, heapMb: heap / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

/** Seeds `count` contacts in the emulator store, deterministically. */
export function seedContacts(emu: DynamicsEmulator, count: number, seed = 1): string[] {
  const rng = new Rng(seed);
  const ids: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const id = rng.guid();
    ids[i] = id;
    emu.store.upsert('contact', {
      contactid: id,
      firstname: `First${i}`,
      lastname: `Last${i}`,
      emailaddress1: `user${i}@example.com`,
      gendercode: 1 + (i % 2),
      donotbulkemail: i % 7 === 0,
    });
  }
  return ids;
}

export async function benchDynamics(
  opts: BenchOptions,
): Promise<{ figures: Record<string, number>; table: (string | number)[][] }> {
  const rows = opts.smoke ? 10_000 : 1_000_000;
  const duration = opts.smoke ? 500 : 3000;
  const concurrency = 32;
  const tokens = new TokenRegistry();
  const emu = await startDynamicsEmulator({ metadata: dynamicsMetadata, tokens, limits: false });
  try {
    const { token } = tokens.issue({ subject: 'bench', tenantId: 'bench', audience: emu.url }, 24 * 3600);
    const auth = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    const baseHeap = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const seeded = await peakMemory(() => seedContacts(emu, rows));
    const seedMs = performance.now() - t0;
    global.gc?.();
    const heapPerRow = (process.memoryUsage().heapUsed - baseHeap) / rows;
    const ids = seeded.value;
    const rng = new Rng(7);
    const path = '/api/data/v9.2/';
    const reads = await measureThroughput(emu.url, concurrency, duration, () => ({
      method: 'GET',
      path: `${path}contacts(${rng.pick(ids)})?$select=firstname,lastname,emailaddress1`,
      headers: auth,
    }));
    const writes = await measureThroughput(emu.url, concurrency, duration, (i) => ({
      method: 'PATCH',
      path: `${path}contacts(${rng.pick(ids)})`,
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ firstname: `W${i}` }),
    }));
    const pageT0 = performance.now();
    const page = await fetch(`${emu.apiUrl}contacts?$select=firstname,lastname`, { headers: auth });
    await page.arrayBuffer();
    const pageMs = performance.now() - pageT0;
    const figures: Record<string, number> = {
      'dynamics.rows': rows,
      'dynamics.seedMs': Math.round(seedMs),
      'dynamics.peakRssMb': Math.round(seeded.rssMb),
      'dynamics.heapBytesPerRow': Math.round(heapPerRow),
      'dynamics.readsPerSec': Math.round(reads.perSec),
      'dynamics.readP99Ms': Number(reads.p99Ms.toFixed(2)),
      'dynamics.writesPerSec': Math.round(writes.perSec),
      'dynamics.writeP99Ms': Number(writes.p99Ms.toFixed(2)),
      'dynamics.page5000Ms': Math.round(pageMs),
      'dynamics.errors': reads.errors + writes.errors,
    };
    const table: (string | number)[][] = [
      ['dynamics', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors'],
      ['GET contacts(id)', reads.requests, reads.perSec, reads.p50Ms, reads.p99Ms, reads.errors],
      ['PATCH contacts(id)', writes.requests, writes.perSec, writes.p50Ms, writes.p99Ms, writes.errors],
      [
        `seed ${rows.toLocaleString('en-US')} contacts`,
        rows,
        Math.round(rows / (seedMs / 1000)),
        '',
        '',
        `peak RSS ${Math.round(seeded.rssMb)} MB`,
      ],
      ['GET 5000-row page', 1, Math.round(1000 / pageMs), pageMs, pageMs, 0],
    ];
    return { figures, table };
  } finally {
    await emu.close();
  }
}

export const run: BenchRun = async (opts): Promise<BenchResult> => {
  const d = await benchDynamics(opts);
  const f = d.figures;
  return {
    name: 'emulators',
    figures: f,
    table: d.table,
    targets: [
      {
        name: 'Dynamics reads ≥ 2000 req/s',
        met: (f['dynamics.readsPerSec'] ?? 0) >= 2000,
        detail: `${f['dynamics.readsPerSec'] ?? 0} req/s`,
      },
      {
        name: 'Dynamics writes ≥ 1000 req/s',
        met: (f['dynamics.writesPerSec'] ?? 0) >= 1000,
        detail: `${f['dynamics.writesPerSec'] ?? 0} req/s`,
      },
      {
        name: '1M contacts under 2 GB RSS',
        met: opts.smoke || (f['dynamics.peakRssMb'] ?? 0) < 2048,
        detail: `${f['dynamics.peakRssMb'] ?? 0} MB peak RSS`,
      },
    ],
  };
};
