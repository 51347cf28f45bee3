import { describe, expect, it } from 'vitest';
import { isGuid } from '../../core/guid.ts';
import { isDateText, isTimestampText, parseTimestamp, timestampMillis } from '../../core/time.ts';
import { datetime } from '../../runtime/lib/date.ts';

describe('timestamp text', () => {
  it('reads ISO, Campaign and date-only forms as UTC instants', () => {
    expect(parseTimestamp('2024-05-17 08:44:49.366Z')?.toISOString()).toBe('2024-05-17T08:44:49.366Z');
    expect(parseTimestamp('2024-05-17T10:44:49+02:00')?.toISOString()).toBe('2024-05-17T08:44:49.000Z');
    expect(parseTimestamp('2024-05-17')?.toISOString()).toBe('2024-05-17T00:00:00.000Z');
  });

  it('reads a value without a zone as UTC, whatever the machine zone', () => {
    expect(timestampMillis('2024-05-17 08:44')).toBe(Date.UTC(2024, 4, 17, 8, 44));
    expect(timestampMillis('2024-05-17T08:44:49')).toBe(Date.UTC(2024, 4, 17, 8, 44, 49));
    // The runtime library's datetime() reads the same way as the engine.
    expect(datetime('2024-05-17 08:44:49')?.getTime()).toBe(Date.UTC(2024, 4, 17, 8, 44, 49));
  });

  it('refuses what is not a timestamp', () => {
    expect(parseTimestamp('nope')).toBeNull();
    expect(parseTimestamp('')).toBeNull();
    expect(parseTimestamp(42)).toBeNull();
    expect(() => datetime('nope')).toThrow(/not a date/);
  });

  it('tells date text from timestamp text', () => {
    expect(isDateText('2024-05-17')).toBe(true);
    expect(isDateText('2024-5-17')).toBe(false);
    expect(isDateText('2024-05-17T00:00')).toBe(false);
    expect(isTimestampText('2024-05-17 08:44:49.366Z')).toBe(true);
    expect(isTimestampText('2024-05-17T08:44+0200')).toBe(true);
    expect(isTimestampText('2024-05-17')).toBe(false);
    expect(isTimestampText('2024-05-17 later')).toBe(false);
  });
});

describe('isGuid', () => {
  it('accepts 8-4-4-4-12 hex in either case and nothing else', () => {
    expect(isGuid('0a1b2c3d-0000-4000-8000-00000000abcd')).toBe(true);
    expect(isGuid('0A1B2C3D-0000-4000-8000-00000000ABCD')).toBe(true);
    expect(isGuid('0a1b2c3d00004000800000000000abcd')).toBe(false);
    expect(isGuid('{0a1b2c3d-0000-4000-8000-00000000abcd}')).toBe(false);
    expect(isGuid('0a1b2c3g-0000-4000-8000-00000000abcd')).toBe(false);
  });
});
