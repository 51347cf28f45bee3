// What every benchmark module returns; bench/main.ts prints it and writes bench/results/<name>.json.
export interface BenchOptions {
  /** CI smoke run: tiny sizes, seconds not minutes. Figures are not meaningful. */
  readonly smoke: boolean;
}

export interface BenchResult {
  readonly name: string;
  /** Flat figures, e.g. { compiledPerSec: 1.2e6, 'compiled/jsonata': 41.3 }. */
  readonly figures: Readonly<Record<string, number | string | boolean>>;
  /** Rows for the printed table (first row is the header). */
  readonly table: readonly (readonly (string | number)[])[];
  /** Targets checked against figures, reported (not asserted) in the output. */
  readonly targets?: readonly { readonly name: string; readonly met: boolean; readonly detail: string }[];
}

/** Each bench/<name>.ts exports `run` with this signature. */
export type BenchRun = (opts: BenchOptions) => Promise<BenchResult>;
