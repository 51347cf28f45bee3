// Codepoint order (not UTF-16 unit order): the one string order used for keys, hashes and output.
export function codepointCompare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length < b.length ? -1 : 1;
  const x = a.charCodeAt(i);
  const y = b.charCodeAt(i);
  // Unit order is codepoint order unless a surrogate is involved: those take the codepoint walk.
  if (isSurrogate(x) || isSurrogate(y) || (i > 0 && isSurrogate(a.charCodeAt(i - 1))))
    return byCodepoints(a, b);
  return x < y ? -1 : 1;
}

const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;

function byCodepoints(a: string, b: string): number {
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
