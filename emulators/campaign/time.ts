// Campaign's wire timestamp format: "2019-09-25 23:20:35.000Z" (reference §2).
export function campaignTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ');
}

const CAMPAIGN_TS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const ISO_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses a datetime in Campaign's or ISO-8601 form; undefined when neither. */
export function parseDateTime(value: string): number | undefined {
  if (!CAMPAIGN_TS.test(value) && !ISO_TS.test(value)) return undefined;
  const ms = Date.parse(value.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

export function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
