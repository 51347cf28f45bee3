// Bytes a record of ferry's key index (in memory sealed, at its peak, in its spill file), its build time and its
// find time per hit and per miss, for n profiles with emulator-shaped (~41 B) or real-shaped (92 B) PKeys; the
// previous layout (24 B a record plus the PKey in memory) measured on the same records in the same run, the
// finds of both timed in alternating slices.
// `nice -n 19 npx tsx bench/support/key-index-size.ts [records=1000000] [--pkeys=emulator|real|both]`
import os from 'node:os';
import { makePKey } from '../../emulators/campaign/pkey.ts';
import { contentHash, keyHash, type KeyHash } from '../../runtime/engine/entity/key-index/hash.ts';
import { KeyIndex } from '../../runtime/engine/entity/key-index/table.ts';
import { KeyIndex as KeyIndexBefore } from './key-index-before.ts';

export type PKeyShape = 'emulator' | 'real';

export interface IndexSize {
  readonly records: number;
  readonly pkeys: PKeyShape;
  /** In memory once sealed. */
  readonly sealedBytesPerRecord: number;
  /** Most bytes in memory at one moment while filling and sealing (slots; the layout's arrays and copies). */
  readonly peakBytesPerRecord: number;
  /** Spill file (0 for the previous layout: everything was in memory). */
  readonly spillBytesPerRecord: number;
  readonly pkeyBytesPerRecord: number;
  readonly buildSeconds: number;
  /** Of which sorting and sealing. */
  readonly sealSeconds: number;
  readonly hitMicros: number;
  readonly missMicros: number;
}

const PREFIX = 'http://127.0.0.1/ferrysandbox/campaign/profileAndServicesExt/profile/';
/** A real Campaign PKey: 92 characters of this alphabet. */
const REAL = '@2v1dr3ZKJveMDhAdh0MPnh9hNQQ93qb7AW6BNVVKknjwXvTZRBAgUqz1SNcB4ZndgjqOofx3BwBZYBftlmObISoM3rs';
const FINDS = 1_000_000;
/** Slices a layout's finds are timed in, alternating with the other layout's. */
const ROUNDS = 10;

const pkeyOf = (shape: PKeyShape, i: number): string =>
  shape === 'emulator' ? makePKey(13, 'profile', i + 1) : REAL.slice(0, -8) + i.toString(36).padStart(8, '0');
const idOf = (i: number): string => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

const probed = new Map<string, KeyHash[]>();

/** `FINDS` keys picked at random (fixed seed): listed ones, or ones never listed; hashed once for both layouts. */
function probes(records: number, listed: boolean): KeyHash[] {
  const cached = probed.get(`${records}|${listed}`);
  if (cached !== undefined) return cached;
  let s = 42;
  const out: KeyHash[] = [];
  for (let k = 0; k < FINDS; k++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out.push(keyHash(idOf(listed ? s % records : records + (s % records))));
  }
  probed.set(`${records}|${listed}`, out);
  return out;
}

/** µs a find for each layout, timed in slices that alternate between them (both see the same machine load). */
function timeFinds(
  finds: readonly ((k: KeyHash) => { kind: string })[],
  keys: readonly KeyHash[],
  want: string,
): number[] {
  const ms = finds.map(() => 0);
  const slice = Math.ceil(keys.length / ROUNDS);
  for (let from = 0; from < keys.length; from += slice)
    finds.forEach((find, l) => {
      const t0 = performance.now();
      for (let k = from; k < Math.min(from + slice, keys.length); k++)
        if (find(keys[k]!).kind !== want) throw new Error(`key index bench: a find was not a ${want}`);
      ms[l]! += performance.now() - t0;
    });
  return ms.map((t) => (t * 1000) / keys.length);
}

type Built = Omit<IndexSize, 'hitMicros' | 'missMicros'> & { readonly index: KeyIndex | KeyIndexBefore };

/** One layout over `records` profiles: the new one sized from the count (as the finder does), or the previous. */
function build(records: number, pkeys: PKeyShape, before: boolean): Built {
  const t0 = performance.now();
  const index = before ? new KeyIndexBefore(PREFIX) : new KeyIndex(PREFIX, { capacity: records });
  let pkeyBytes = 0;
  try {
    for (let i = 0; i < records; i++) {
      const pkey = pkeyOf(pkeys, i);
      pkeyBytes += pkey.length;
      index.add(
        keyHash(idOf(i)),
        pkey,
        PREFIX + pkey,
        contentHash(['email'], () => `u${i}@example.com`),
      );
    }
    const filled = index.bytes;
    const t1 = performance.now();
    index.seal();
    const done = performance.now();
    // The previous seal held the filled arrays, their exact copies and a 4-byte order a record at once.
    const peak = index instanceof KeyIndex ? index.peakBytes : filled + index.bytes + 4 * records;
    return {
      index,
      records,
      pkeys,
      sealedBytesPerRecord: index.bytes / records,
      peakBytesPerRecord: peak / records,
      spillBytesPerRecord: index instanceof KeyIndex ? index.spillBytes / records : 0,
      pkeyBytesPerRecord: pkeyBytes / records,
      buildSeconds: (done - t0) / 1000,
      sealSeconds: (done - t1) / 1000,
    };
  } catch (err) {
    if (index instanceof KeyIndex) index.close();
    throw err;
  }
}

/** The given layouts over the same records; their finds timed interleaved. */
function measure(records: number, pkeys: PKeyShape, layouts: readonly boolean[]): IndexSize[] {
  const built: Built[] = [];
  try {
    for (const before of layouts) built.push(build(records, pkeys, before));
    const finds = built.map((b) => (k: KeyHash) => b.index.find(k));
    const hits = timeFinds(finds, probes(records, true), 'hit');
    const misses = timeFinds(finds, probes(records, false), 'absent');
    return built.map(({ index: _, ...b }, l) => ({ ...b, hitMicros: hits[l]!, missMicros: misses[l]! }));
  } finally {
    for (const b of built) if (b.index instanceof KeyIndex) b.index.close();
  }
}

/** ferry's key index over `records` profiles (the scale benchmark's figure). */
export function keyIndexSize(records: number, pkeys: PKeyShape = 'emulator'): IndexSize {
  return measure(records, pkeys, [false])[0]!;
}

function main(argv: readonly string[]): void {
  const records = Number((argv.find((a) => /^[\d_]+$/.test(a)) ?? '1000000').replace(/_/g, ''));
  const shape = argv.find((a) => a.startsWith('--pkeys='))?.slice('--pkeys='.length) ?? 'both';
  if (!Number.isSafeInteger(records) || records <= 0 || !['emulator', 'real', 'both'].includes(shape)) {
    console.error('usage: key-index-size.ts [records] [--pkeys=emulator|real|both]');
    process.exitCode = 2;
    return;
  }
  const shapes: PKeyShape[] = shape === 'both' ? ['emulator', 'real'] : [shape as PKeyShape];
  const f = (n: number, d = 1): string => n.toFixed(d);
  console.log(
    `records ${records.toLocaleString('en-US')}, load average ${os
      .loadavg()
      .map((l) => f(l, 2))
      .join(' ')}`,
  );
  console.log(
    'pkeys     layout  PKey B  memory B/rec  peak B/rec  file B/rec  build s  seal s  hit µs  miss µs',
  );
  for (const s of shapes)
    for (const r of measure(records, s, [true, false])) {
      const cols = [
        s.padEnd(9),
        (r.spillBytesPerRecord === 0 ? 'before' : 'after').padEnd(6),
        f(r.pkeyBytesPerRecord).padStart(6),
        f(r.sealedBytesPerRecord).padStart(12),
        f(r.peakBytesPerRecord).padStart(10),
        f(r.spillBytesPerRecord).padStart(10),
        f(r.buildSeconds, 2).padStart(7),
        f(r.sealSeconds, 2).padStart(6),
        f(r.hitMicros, 2).padStart(6),
        f(r.missMicros, 2).padStart(7),
      ];
      console.log(cols.join('  '));
    }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/')))
  main(process.argv.slice(2));
