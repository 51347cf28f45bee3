// A chunk's known creates get their intents in one transaction before any of the chunk's writes.
import type { SourceRow } from '../../contract.ts';
import type { LedgerEntry } from '../../state/port.ts';
import { ledgerEntry, type EntityEnv } from './env.ts';
import type { Work } from './work.ts';

/** Rows the key index says are new, and the ledger has never seen, will be created. */
export async function writeIntentsAhead(
  env: EntityEnv,
  items: readonly Work[],
  ids: readonly string[],
  prevs: ReadonlyMap<string, LedgerEntry>,
): Promise<void> {
  const ahead: LedgerEntry[] = [];
  items.forEach((w, i) => {
    const id = ids[i] as string;
    if (w.kind !== 'row' || prevs.has(id) || !env.keys.absent(id) || !matches(env, w.row)) return;
    ahead.push(ledgerEntry(env, id, '', true, true));
  });
  await env.intents.writeAll(ahead);
}

function matches(env: EntityEnv, row: SourceRow): boolean {
  try {
    return env.flow.matches(row);
  } catch {
    return false; // the row's own write reports the filter failure
  }
}
