// Short, safe renderings of YAML values for "found …" in messages.
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return quote(value);
  return `${typeof value} ${String(value)}`;
}

/** JSON-quoted and shortened, so a pasted blob never floods the terminal. */
export function quote(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return JSON.stringify(short);
}

export function typeWord(type: unknown): string {
  const names = (Array.isArray(type) ? type : [type]).map((t) =>
    t === 'object' ? 'object (a map)' : t === 'array' ? 'array (a list)' : String(t),
  );
  return names.length > 1
    ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''}`
    : (names[0] ?? '');
}

export const list = (items: readonly unknown[]): string => items.map((i) => String(i)).join(', ');
