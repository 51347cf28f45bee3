// Upserts: $batch with continue-on-error (one part per record), or UpsertMultiple split until the bad record is isolated.
import { classify, FerryError, HttpError, isTooLarge } from '../../../core/errors.ts';
import { encodeComponent } from '../../http/encode.ts';
import { apiMessage, httpError } from '../../http/errors.ts';
import type { HttpResponse } from '../../http/types.ts';
import type { DynamicsWrite, WriteResult } from '../../ports.ts';
import type { BatchSize } from './batch-size.ts';
import type { DynamicsHttp } from './http.ts';
import { buildBatch, parseBatchResponse } from './multipart.ts';
import { ODATA_HEADERS } from './odata.ts';

/** The whole request was too big or too slow: retry the same records in smaller requests. */
const tooBig = (res: HttpResponse | null, err: unknown): boolean =>
  isTooLarge(res?.status, err instanceof HttpError ? String(err.details['code'] ?? '') : '');

/** A per-record rejection (bad data, missing key, duplicate, too large alone...), not a service problem. */
const recordLevel = (status: number): boolean => classify(status, { service: 'dynamics' }).recordLevel;

const partMessage = (body: string): string =>
  apiMessage({ status: 0, headers: {}, body, url: '' }) ?? 'no message';

/** A part worth sending again in a later batch (the service, not the record, failed; every part is an upsert). */
const partRetry = (status: number): boolean =>
  status === 0 || classify(status, { method: 'PATCH', service: 'dynamics' }).resend;
const PART_ATTEMPTS = 3;

/** Each write with its URL; a key the encoder refuses (control characters) fails that record alone, before any request. */
function prepare(
  http: DynamicsHttp,
  writes: readonly DynamicsWrite[],
): { ready: { w: DynamicsWrite; url: string }[]; refused: WriteResult[] } {
  const ready: { w: DynamicsWrite; url: string }[] = [];
  const refused: WriteResult[] = [];
  for (const w of writes) {
    try {
      ready.push({ w, url: http.recordUrl(w.entitySet, w.key) });
    } catch (err) {
      if (!(err instanceof FerryError)) throw err;
      refused.push({ ref: w.ref, ok: false, status: 0, error: err.message, code: err.code });
    }
  }
  return { ready, refused };
}

export async function upsertViaBatch(
  http: DynamicsHttp,
  size: BatchSize,
  writes: readonly DynamicsWrite[],
): Promise<WriteResult[]> {
  const results = new Map<DynamicsWrite, WriteResult>();
  const { ready, refused } = prepare(http, writes);
  const urls = new Map(ready.map((r) => [r.w, r.url]));
  let queue = ready.map(({ w }) => ({ w, attempts: 0 }));
  while (queue.length > 0) {
    const chunk = queue.slice(0, size.value);
    const { contentType, body } = buildBatch(
      chunk.map(({ w }) => ({
        method: 'PATCH',
        url: urls.get(w) as string,
        body: w.json ?? JSON.stringify(w.body),
      })),
    );
    let res: HttpResponse | null = null;
    let error: unknown;
    try {
      res = await http.raw({
        method: 'POST',
        url: http.url('$batch'),
        headers: {
          ...ODATA_HEADERS,
          'content-type': contentType,
          prefer: 'odata.continue-on-error',
        },
        body,
        // Every part is an upsert by key: resending the batch is safe.
        idempotent: true,
      });
    } catch (err) {
      error = err;
    }
    if (tooBig(res, error) && chunk.length > 1) {
      size.shrink();
      continue;
    }
    if (error) throw error;
    const alone = chunk[0];
    if (res?.status === 413 && alone !== undefined && recordLevel(res.status)) {
      // One record that is too large even alone: its problem, not the flow's.
      results.set(alone.w, {
        ref: alone.w.ref,
        ok: false,
        status: 413,
        error: apiMessage(res) ?? 'HTTP 413',
      });
      queue = queue.slice(1);
      continue;
    }
    if (!res || res.status !== 200) {
      if (res?.status === 429) size.shrink();
      throw httpError(res as HttpResponse, `$batch of ${chunk.length} upserts`);
    }
    const parts = parseBatchResponse(res.body, res.headers['content-type']);
    const again: typeof queue = [];
    chunk.forEach((item, i) => {
      const p = parts[i];
      const status = p?.status ?? 0;
      if (status >= 200 && status < 300) results.set(item.w, { ref: item.w.ref, ok: true, status });
      else if (partRetry(status) && item.attempts + 1 < PART_ATTEMPTS)
        again.push({ w: item.w, attempts: item.attempts + 1 });
      else
        results.set(item.w, {
          ref: item.w.ref,
          ok: false,
          status,
          error: p ? partMessage(p.body) : 'no response part for this operation',
        });
    });
    if (again.length === 0) size.grow();
    else size.shrink();
    queue = [...queue.slice(chunk.length), ...again];
  }
  const failed = new Map(refused.map((r) => [r.ref, r]));
  return writes.map(
    (w) => results.get(w) ?? failed.get(w.ref) ?? { ref: w.ref, ok: false, status: 0, error: 'not written' },
  );
}

export async function upsertViaMultiple(
  http: DynamicsHttp,
  size: BatchSize,
  entity: string,
  writes: readonly DynamicsWrite[],
): Promise<WriteResult[]> {
  const { ready, refused } = prepare(http, writes);
  const results: WriteResult[] = [...refused];
  const todo = ready.map((r) => r.w);
  // All-or-nothing per request: on a record-level error, halve until the culprit stands alone.
  const send = async (chunk: readonly DynamicsWrite[]): Promise<void> => {
    const set = chunk[0]?.entitySet ?? '';
    const targets = chunk.map((w) => ({
      ...w.body,
      '@odata.type': `Microsoft.Dynamics.CRM.${entity}`,
      '@odata.id': `${w.entitySet}(${w.key})`,
    }));
    let res: HttpResponse | null = null;
    let error: unknown;
    try {
      res = await http.raw({
        method: 'POST',
        url: http.url(`${encodeComponent(set, 'entity set')}/Microsoft.Dynamics.CRM.UpsertMultiple`),
        body: JSON.stringify({ Targets: targets }),
        idempotent: true,
      });
    } catch (err) {
      error = err;
    }
    if (tooBig(res, error) && chunk.length > 1) {
      size.shrink();
      return split(chunk);
    }
    if (error) throw error;
    const r = res as HttpResponse;
    if (r.status >= 200 && r.status < 300) {
      for (const w of chunk) results.push({ ref: w.ref, ok: true, status: r.status });
      return;
    }
    if (!recordLevel(r.status)) {
      if (r.status === 429) size.shrink();
      throw httpError(r, `UpsertMultiple of ${chunk.length} ${entity} rows`);
    }
    if (chunk.length === 1) {
      results.push({
        ref: chunk[0]!.ref,
        ok: false,
        status: r.status,
        error: apiMessage(r) ?? `HTTP ${r.status}`,
      });
      return;
    }
    return split(chunk);
  };
  const split = async (chunk: readonly DynamicsWrite[]): Promise<void> => {
    const mid = Math.ceil(chunk.length / 2);
    await send(chunk.slice(0, mid));
    await send(chunk.slice(mid));
  };
  for (let i = 0; i < todo.length;) {
    const chunk = todo.slice(i, i + size.value);
    await send(chunk);
    i += chunk.length;
    size.grow();
  }
  return results;
}
