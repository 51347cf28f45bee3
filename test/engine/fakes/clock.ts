// A test clock that moves forward 1 ms per reading, so every timestamp is distinct and ordered.
export class FakeClock {
  constructor(private t = Date.parse('2026-01-01T00:00:00.000Z')) {}
  now = (): Date => new Date(this.t++);
  advance(ms: number): void {
    this.t += ms;
  }
}

/** Campaign's timestamp format: "YYYY-MM-DD hh:mm:ss.sssZ". */
export function campaignTs(d: Date): string {
  return d.toISOString().replace('T', ' ');
}
