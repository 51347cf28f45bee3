// ferry doctor's Campaign flavor check against the compiled bundle: a Standard tenant whose instance moved to
// Campaign v8 fails with the fix (set campaign.flavor: v8); the same bundle against Campaign Standard is ok.
import { afterEach, describe, expect, it } from 'vitest';
import { doctorFixture, type DoctorFixture } from './fixture.ts';

let f: DoctorFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

async function compiledDoctor(flavor: 'standard' | 'v8') {
  f = await doctorFixture({ campaignFlavor: flavor });
  const c = await f.ferry('compile', '--tenant', 'sandbox');
  expect(c.code, c.err).toBe(0);
  return (await f.doctor()).findings.filter((x) => x.check === 'Campaign flavor');
}

describe('ferry doctor: Campaign flavor', () => {
  it('a Standard bundle against a Standard instance is ok', async () => {
    const found = await compiledDoctor('standard');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((x) => x.status === 'ok')).toBe(true);
  }, 120_000);

  it('a Standard bundle against an instance moved to v8 fails and says to set campaign.flavor: v8', async () => {
    const found = await compiledDoctor('v8');
    const failed = found.filter((x) => x.status === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]?.detail).toMatch(/is not answered \(HTTP \d{3}\); the instance calls it '/);
    expect(failed[0]?.fix).toMatch(/campaign\.flavor: v8/);
  }, 120_000);
});
