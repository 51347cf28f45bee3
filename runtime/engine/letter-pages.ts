// A flow's dead letters read a page at a time (keyset on id), so a listing never holds the whole table.
import type { DeadLetter, DeadLetterQuery, StateStore } from '../state/port.ts';

/** Letters per read: payloads of one page at a time are held, never the flow's every letter. */
export const LETTER_PAGE = 500;

/** Source ids per IN-list query: far below either database's bound on parameters. */
export const IDS_PER_QUERY = 500;

export async function* letterPages(
  state: StateStore,
  flow: string,
  query: Omit<DeadLetterQuery, 'flow' | 'afterId' | 'limit'> = {},
): AsyncIterable<readonly DeadLetter[]> {
  let afterId: number | undefined;
  for (;;) {
    const page = await state.listDeadLetters(flow, { ...query, afterId, limit: LETTER_PAGE });
    if (page.length === 0) return;
    yield page;
    if (page.length < LETTER_PAGE) return;
    afterId = page[page.length - 1]?.id;
  }
}

/** The live letters of these records, in id order, read in bounded IN-lists. */
export async function lettersOf(
  state: StateStore,
  flow: string,
  sourceIds: readonly string[],
): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  for (let i = 0; i < sourceIds.length; i += IDS_PER_QUERY)
    out.push(...(await state.listDeadLetters(flow, { sourceIds: sourceIds.slice(i, i + IDS_PER_QUERY) })));
  return sourceIds.length > IDS_PER_QUERY ? out.sort((a, b) => a.id - b.id) : out;
}
