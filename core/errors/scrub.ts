// The process-wide registry of secret values (client secrets, API keys, access tokens) and the one scrub
// that removes them, by value, from any text: error messages, log lines, reports and stored rows.

const MASK = '[redacted]';
/** Shorter values would mask ordinary words; every real secret and token is far longer. */
const MIN_LENGTH = 6;

const known = new Set<string>();
/** Access tokens are refreshed for as long as `run --follow` lives: only the newest are kept (older ones have expired). */
const tokens = new Set<string>();
const MAX_TOKENS = 64;
let pattern: RegExp | null = null;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The forms a value takes when a server echoes it: raw, percent-encoded, form-encoded, inside JSON. */
function forms(value: string): string[] {
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  return [value, encodeURIComponent(value), form, JSON.stringify(value).slice(1, -1)];
}

/** Remember a secret value (`token`: an access token, one of many over time) so every later scrub() removes it. */
export function registerSecret(value: string | undefined | null, kind: 'secret' | 'token' = 'secret'): void {
  if (typeof value !== 'string' || value.length < MIN_LENGTH || known.has(value) || tokens.has(value)) return;
  if (kind === 'secret') known.add(value);
  else {
    tokens.add(value);
    if (tokens.size > MAX_TOKENS) tokens.delete(tokens.values().next().value as string);
  }
  const all = [...known, ...tokens].flatMap(forms).filter((f) => f.length >= MIN_LENGTH);
  // Longest first, so a value's encoded form is masked whole rather than around its raw prefix.
  const alternatives = [...new Set(all)].sort((a, b) => b.length - a.length).map(escapeRe);
  pattern = new RegExp(alternatives.join('|'), 'g');
}

/** The text with every registered secret (in any of its echoed forms) replaced by `[redacted]`. */
export function scrub(text: string): string {
  return pattern === null ? text : text.replace(pattern, MASK);
}

/** `scrub` for optional values (stored rows that may be null). */
export const scrubOptional = <T extends string | null | undefined>(text: T): T =>
  (typeof text === 'string' ? scrub(text) : text) as T;

/** Forget every registered value (tests only). */
export function clearSecrets(): void {
  known.clear();
  tokens.clear();
  pattern = null;
}
