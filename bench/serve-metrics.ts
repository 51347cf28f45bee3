// The cost of /metrics under a running sync: one `ferry serve` (SQLite) doing its initial load of the sandbox,
// scraped every 100 ms until its contacts pass ends; measured: scrape latency during the sync, and the serve process's CPU per scrape
// once idle (many scrapes back to back, CPU time from /proc).
import { startSandbox } from '../emulators/sandbox/index.ts';
import { cpuSeconds, removeProject, serveProject, startServe, stop } from './support/serve-process.ts';
import { median, sig, sleep } from './support/stats.ts';
import { tempState } from './support/state.ts';
import type { BenchResult, BenchRun } from './types.ts';

const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function scrape(url: string): Promise<{ ms: number; bytes: number }> {
  const t = performance.now();
  const text = await (await fetch(`${url}/metrics`)).text();
  return { ms: performance.now() - t, bytes: text.length };
}

export const run: BenchRun = async ({ smoke }): Promise<BenchResult> => {
  const contacts = smoke ? 500 : 10_000;
  const idleScrapes = smoke ? 50 : 500;
  const sb = await startSandbox({ contacts, seed: 61 });
  const state = await tempState();
  const root = await serveProject(sb.info, state.url, [
    'contacts',
    'vehicles',
    'service-visits',
    'email-events',
    'optout',
  ]);
  const serve = startServe(root, sb.info, 'bench-metrics', {}, '1h');
  try {
    const url = await serve.url;
    const pid = serve.proc.pid as number;
    const busy: number[] = [];
    let bytes = 0;
    // Scrape while the contacts flow runs its initial load (until its first pass is counted).
    for (;;) {
      const t = performance.now();
      const text = await (await fetch(`${url}/metrics`)).text();
      busy.push(performance.now() - t);
      bytes = text.length;
      if (/^ferry_flow_runs_total\{tenant="sandbox",flow="contacts"/m.test(text)) break;
      await sleep(100);
    }
    // Idle: wait until every flow finished its first pass (5 flows counted); the next passes are an hour away.
    for (;;) {
      const text = await (await fetch(`${url}/metrics`)).text();
      const flows = new Set(
        [...text.matchAll(/^ferry_flow_runs_total\{[^}]*flow="([^"]+)"/gm)].map((m) => m[1]),
      );
      if (flows.size >= 5) break;
      await sleep(200);
    }
    const cpu0 = await cpuSeconds(pid);
    const t0 = performance.now();
    const idle: number[] = [];
    for (let i = 0; i < idleScrapes; i++) idle.push((await scrape(url)).ms);
    const wall = (performance.now() - t0) / 1000;
    const cpuPerScrapeMs = (((await cpuSeconds(pid)) - cpu0) / idleScrapes) * 1000;
    return {
      name: 'serve-metrics',
      figures: {
        contacts,
        scrapesDuringSync: busy.length,
        'duringSync.p50Ms': sig(median(busy)),
        'duringSync.p95Ms': sig(pct(busy, 95)),
        'duringSync.maxMs': sig(Math.max(...busy)),
        idleScrapes,
        'idle.p50Ms': sig(median(idle)),
        'idle.p95Ms': sig(pct(idle, 95)),
        'idle.cpuMsPerScrape': sig(cpuPerScrapeMs),
        'idle.scrapesPerSec': sig(idleScrapes / wall),
        metricsBytes: bytes,
      },
      table: [
        ['when', 'scrapes', 'p50 ms', 'p95 ms', 'max ms', 'serve CPU ms / scrape'],
        [
          'during the initial load',
          busy.length,
          sig(median(busy)),
          sig(pct(busy, 95)),
          sig(Math.max(...busy)),
          '-',
        ],
        [
          'idle',
          idleScrapes,
          sig(median(idle)),
          sig(pct(idle, 95)),
          sig(Math.max(...idle)),
          sig(cpuPerScrapeMs),
        ],
      ],
      targets: [
        {
          name: 'scrape p95 under 250 ms during a sync',
          met: pct(busy, 95) < 250,
          detail: `${sig(pct(busy, 95))} ms`,
        },
      ],
    };
  } finally {
    await stop(serve);
    await sb.close();
    await state.dispose();
    await removeProject(root);
  }
};
