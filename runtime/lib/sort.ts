// Codepoint order (not UTF-16 unit order): the one string order used for keys, hashes and output.
export function codepointCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export const sortCodepoint = (xs: readonly string[]): string[] => [...xs].sort(codepointCompare);
