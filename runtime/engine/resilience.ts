// Tenant `resilience:` settings: the Retry-After pause budget per run and the outage budget per flow.
import { parseInterval } from './interval.ts';
import { DEFAULT_OUTAGE_BUDGET_MS } from './outage.ts';

export const DEFAULT_PAUSE_BUDGET_MS = 5 * 60_000;

export interface Resilience {
  readonly pauseBudgetMs: number;
  readonly outageBudgetMs: number;
}

/** Durations as the schema allows them (`30s`, `5m`); a missing one takes its default. */
export function resolveResilience(
  r: { readonly pauseBudget?: string; readonly outageBudget?: string } | undefined,
): Resilience {
  const ms = (text: string | undefined, dflt: number): number =>
    text === undefined ? dflt : (parseInterval(text) ?? dflt);
  return {
    pauseBudgetMs: ms(r?.pauseBudget, DEFAULT_PAUSE_BUDGET_MS),
    outageBudgetMs: ms(r?.outageBudget, DEFAULT_OUTAGE_BUDGET_MS),
  };
}
