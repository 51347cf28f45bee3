// Identical-output check for the transform benchmark: every record, canonical JSON (key order ignored).
import { canonicalJson } from '../../runtime/lib/hash.ts';
import { FerryError } from '../../core/errors.ts';

export class OutputMismatchError extends FerryError {}

/**
 * Throws OutputMismatchError naming the first record whose outputs differ between `reference` and any
 * other implementation. `offset` is the index of outputs[0] in the whole run (for the message).
 */
export function assertSameOutputs(
  outputs: Readonly<Record<string, readonly unknown[]>>,
  reference: string,
  offset = 0,
): number {
  const ref = outputs[reference];
  if (ref === undefined) throw new OutputMismatchError('FERRY_BENCH_MISMATCH', `no outputs for ${reference}`);
  for (const [name, out] of Object.entries(outputs)) {
    if (out.length !== ref.length)
      throw new OutputMismatchError(
        'FERRY_BENCH_MISMATCH',
        `${name} produced ${out.length} records, ${reference} ${ref.length}`,
      );
  }
  for (let i = 0; i < ref.length; i++) {
    const want = canonicalJson(ref[i]);
    for (const [name, out] of Object.entries(outputs)) {
      if (name === reference) continue;
      const got = canonicalJson(out[i]);
      if (got !== want) {
        throw new OutputMismatchError(
          'FERRY_BENCH_MISMATCH',
          `record ${offset + i}: ${name} gave ${got}, ${reference} gave ${want}`,
          { details: { record: offset + i, name } },
        );
      }
    }
  }
  return ref.length;
}
