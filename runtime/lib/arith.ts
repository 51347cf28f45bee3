// Arithmetic with null propagation (null + 1 is null, like SQL); division by zero is null, not Infinity.
type N = number | null | undefined;

export const add = (a: N, b: N): number | null => (a == null || b == null ? null : a + b);
export const sub = (a: N, b: N): number | null => (a == null || b == null ? null : a - b);
export const mul = (a: N, b: N): number | null => (a == null || b == null ? null : a * b);
export const div = (a: N, b: N): number | null => (a == null || b == null || b === 0 ? null : a / b);
export const neg = (a: N): number | null => (a == null ? null : -a);
