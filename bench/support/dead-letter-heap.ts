// Heap of one delta run over a flow holding N dead letters (default 0 and 50,000): what the run reads of them
// through the state port (letters and payload bytes) and its peak heap above the heap before it.
// Run: npx tsx --expose-gc bench/support/dead-letter-heap.ts [N ...]   (engine over the test fakes, SQLite in memory)
import { contactsFlow } from '../../test/engine/fakes/flows.ts';
import { contactRow } from '../../test/engine/fakes/contacts.ts';
import { guid } from '../../test/engine/fakes/dynamics.ts';
import { harness } from '../../test/engine/fakes/harness.ts';

const exposed = (globalThis as { gc?: () => void }).gc;
if (exposed === undefined) {
  console.error('run with: npx tsx --expose-gc bench/support/dead-letter-heap.ts');
  process.exit(2);
}
const gc: () => void = exposed;
const mb = (b: number): number => Math.round(b / 2 ** 17) / 8;

// A stored row of a realistic size.
const contact = (n: number, lastname = `L${n}`) =>
  contactRow(n, 1_000_000, { lastname, description: 'x'.repeat(300) });

async function measure(letters: number): Promise<Record<string, number>> {
  const h = await harness();
  for (let i = 1; i <= 100; i++) h.dynamics.put('contacts', 'contactid', contact(i));
  const engine = h.engine([contactsFlow()]);
  await engine.runOnce({ mode: 'incremental' });
  // Letters of other records, waiting for an operator (a Campaign refusal), as a bad 1 % of a load leaves.
  for (let i = 0; i < letters; i += 1000)
    await h.state.transaction(async () => {
      for (let j = i; j < Math.min(letters, i + 1000); j++)
        await h.state.addDeadLetter({
          flow: 'contacts',
          sourceId: guid(2_000_000 + j),
          payload: { kind: 'row', row: contact(100_000 + j) },
          reason: 'lastName: invalid value',
          code: 'FERRY_CAMPAIGN_REJECTED',
        });
    });
  for (let i = 1; i <= 10; i++) h.dynamics.put('contacts', 'contactid', contact(i, `Changed${i}`));
  let read = 0;
  let bytes = 0;
  const list = h.state.listDeadLetters.bind(h.state);
  h.state.listDeadLetters = async (...args) => {
    const got = await list(...args);
    read += got.length;
    for (const d of got) bytes += JSON.stringify(d.payload).length;
    return got;
  };
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 1);
  const t0 = performance.now();
  const r = await engine.runOnce({ mode: 'incremental' });
  const ms = performance.now() - t0;
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  if (r.flows[0]?.outcome !== 'ok' || r.flows[0]?.counts['updated'] !== 10)
    throw new Error('run did not end ok');
  await h.state.close();
  return {
    letters,
    lettersRead: read,
    payloadMbRead: mb(bytes),
    peakHeapAboveMb: mb(peak - before),
    runMs: Math.round(ms),
  };
}

const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length > 0 ? sizes : [0, 50_000]) console.log(JSON.stringify(await measure(n)));
