// The error helpers the service needs, from one place.
export { EXIT, exitCodeOf, exitCodeOfCode, isErrorCode } from '../../core/errors.ts';

export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
