// `npm run bench [-- NAME…] [--smoke] [--help]`: runs benchmark modules, prints tables, writes bench/results/NAME.json.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult, BenchRun } from './types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const NOT_BENCHES = new Set(['main', 'types', 'table']);
/** Run only when named (scale takes hours, events-filed minutes): `npm run bench` alone leaves them out. */
const NOT_DEFAULT = new Set(['events-filed', 'scale']);

export async function available(): Promise<string[]> {
  const files = await readdir(here);
  return files
    .filter((f) => f.endsWith('.ts') && !NOT_BENCHES.has(f.slice(0, -3)))
    .map((f) => f.slice(0, -3))
    .sort();
}

export function renderTable(rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)));
  const widths: number[] = [];
  for (const r of cells) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const [head, ...body] = cells;
  if (!head) return '';
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3);
}

function machine(): Record<string, string | number> {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: process.platform,
  };
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    const names = await available();
    const opt = names.filter((n) => NOT_DEFAULT.has(n));
    console.log(
      `usage: npm run bench [-- NAME…] [--smoke]\nbenchmarks: ${names.filter((n) => !NOT_DEFAULT.has(n)).join(', ')}` +
        `\nnot in the default set (run by name): ${opt.join(', ')} (scale: --records=N, --window=N)`,
    );
    return 0;
  }
  const smoke = argv.includes('--smoke');
  const names = argv.filter((a) => !a.startsWith('--'));
  const all = await available();
  const unknown = names.filter((n) => !all.includes(n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(', ')} (available: ${all.join(', ')})`);
    return 2;
  }
  const selected = names.length > 0 ? names : all.filter((n) => !NOT_DEFAULT.has(n));
  const outDir = path.join(here, 'results');
  await mkdir(outDir, { recursive: true });
  let failed = 0;
  for (const name of selected) {
    const mod = (await import(path.join(here, `${name}.ts`))) as { run?: BenchRun };
    if (typeof mod.run !== 'function') continue;
    console.log(`\n== ${name}${smoke ? ' (smoke: sizes too small for meaningful figures)' : ''}`);
    let result: BenchResult;
    const t0 = performance.now();
    try {
      result = await mod.run({ smoke });
    } catch (err) {
      failed++;
      console.error(`benchmark ${name} failed:`, err);
      continue;
    }
    // What each benchmark costs, so the total of `npm run bench` can be accounted for.
    const seconds = Math.round((performance.now() - t0) / 100) / 10;
    console.log(renderTable(result.table));
    for (const t of result.targets ?? [])
      console.log(`${t.met ? 'target met ' : 'target MISSED'}  ${t.name}: ${t.detail}`);
    console.log(`(${name} took ${seconds} s, load average ${os.loadavg()[0]?.toFixed(1) ?? '?'})`);
    const file = path.join(outDir, `${name}${smoke ? '.smoke' : ''}.json`);
    await writeFile(file, JSON.stringify({ ...result, smoke, seconds, machine: machine() }, null, 2) + '\n');
  }
  return failed > 0 ? 1 : 0;
}
