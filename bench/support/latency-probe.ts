// Edit → readable: contacts edited in Dynamics at random moments, each watched in Campaign until its new value shows.
import { FerryError } from '../../core/errors.ts';
import { mulberry32 } from '../../emulators/common/prng.ts';
import type { DynamicsEditor } from './dynamics-edit.ts';
import type { EmulatorHost } from './emulator-client.ts';
import { sleep } from './stats.ts';

/** How often the benchmark looks at Campaign: the resolution of every latency it reports. */
const POLL_MS = 25;

export interface ProbeOptions {
  readonly host: EmulatorHost;
  readonly editor: DynamicsEditor;
  /** Contactids already synced to Campaign; each edit takes the next one, so no two edits share a contact. */
  readonly ids: readonly string[];
  readonly edits: number;
  /** Edits land at uniformly random moments of [0, windowMs), so at random phases of any poll cycle. */
  readonly windowMs: number;
  readonly seed: number;
  /** A unique lastname prefix per run. */
  readonly tag: string;
  /** Gives up this long after the last edit (the ferry process died or never syncs). */
  readonly timeoutMs: number;
  /** Rejects when the ferry process exits early. */
  readonly died: Promise<never>;
}

/** Milliseconds from each PATCH being sent to the new lastName being readable in Campaign, in edit order. */
export async function editLatencies(o: ProbeOptions): Promise<number[]> {
  if (o.ids.length < o.edits)
    throw new FerryError('FERRY_BENCH_RUN', `only ${o.ids.length} synced contacts for ${o.edits} edits`);
  const rnd = mulberry32(o.seed);
  const at = Array.from({ length: o.edits }, () => Math.floor(rnd() * o.windowMs)).sort((a, b) => a - b);
  const start = performance.now();
  const sent: number[] = [];
  const done: number[] = [];
  const editing = (async () => {
    for (let i = 0; i < o.edits; i++) {
      await sleep(Math.max(0, start + (at[i] as number) - performance.now()));
      sent[i] = performance.now();
      await o.editor.patch('contacts', o.ids[i] as string, { lastname: `${o.tag}-${i}` });
    }
  })();
  const watching = (async () => {
    for (;;) {
      const open = [...sent.keys()].filter((i) => done[i] === undefined);
      if (open.length > 0) {
        const values = await o.host.profiles(
          open.map((i) => o.ids[i] as string),
          'lastName',
        );
        const now = performance.now();
        open.forEach((i, k) => {
          if (values[k] === `${o.tag}-${i}`) done[i] = now - (sent[i] as number);
        });
      }
      if (done.filter((d) => d !== undefined).length === o.edits) return;
      if (performance.now() - start > o.windowMs + o.timeoutMs)
        throw new FerryError(
          'FERRY_BENCH_RUN',
          `${o.edits - done.filter((d) => d !== undefined).length} of ${o.edits} edits not readable in Campaign after ${o.timeoutMs} ms: ${[
            ...sent.keys(),
          ]
            .filter((i) => done[i] === undefined)
            .map((i) => o.ids[i])
            .join(', ')}`,
        );
      await sleep(POLL_MS);
    }
  })();
  await Promise.race([Promise.all([editing, watching]), o.died]);
  return done;
}

/** Edits one contact and resolves once Campaign shows it: the ferry process is up and past its first pass. */
export async function warmUp(o: Omit<ProbeOptions, 'edits' | 'windowMs' | 'seed'>): Promise<number> {
  const [ms] = await editLatencies({ ...o, edits: 1, windowMs: 1, seed: 1 });
  return ms as number;
}
