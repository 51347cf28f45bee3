// $batch: ordered parts, atomic change sets with Content-ID references, stop-on-error or continue-on-error (§8).
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { ApiError, type ApiRequest, type ApiResponse } from '../api.ts';
import type { EmulatorContext } from '../context.ts';
import { E } from '../errors.ts';
import { parsePrefer } from '../odata/prefer.ts';
import { boundaryOf, parseBatch, type BatchOp } from './multipart.ts';

type Run = (r: ApiRequest) => ApiResponse;

interface Done {
  readonly res: ApiResponse;
  readonly contentId?: string;
  readonly failed: boolean;
}

type OutPart =
  | { readonly kind: 'single'; readonly done: Done }
  | { readonly kind: 'changeset'; readonly items: readonly Done[] };

/** Thrown inside a change set's transaction to roll it back while keeping the failing response. */
class ChangeSetFailed extends Error {
  constructor(readonly done: Done) {
    super('change set failed');
  }
}

export function handleBatch(ctx: EmulatorContext, req: ApiRequest, run: Run): ApiResponse {
  const boundary = boundaryOf(req.headers['content-type']);
  if (boundary === undefined)
    throw E.badRequest(
      'The batch request must have a "Content-Type" header of multipart/mixed with a boundary.',
    );
  const parts = parseBatch(req.body, boundary);
  const total = parts.reduce((n, p) => n + (p.kind === 'op' ? 1 : p.ops.length), 0);
  if (total > ctx.maxBatchOperations) throw E.batchTooLarge(ctx.maxBatchOperations);
  const continueOnError = parsePrefer(req.headers['prefer']).continueOnError;
  const out: OutPart[] = [];
  let status = 200;
  for (const part of parts) {
    if (part.kind === 'op') {
      const done = exec(ctx, req, part.op, new Map(), run);
      out.push({ kind: 'single', done });
      if (done.failed && !continueOnError) {
        status = done.res.status;
        break;
      }
      continue;
    }
    const ids = new Map<string, string>();
    try {
      const items = ctx.store.transaction(() =>
        part.ops.map((op) => {
          if (op.method === 'GET')
            throw new ChangeSetFailed({
              res: E.badRequest('GET requests are not allowed inside a change set.').toResponse(),
              failed: true,
            });
          const done = exec(ctx, req, op, ids, run);
          if (done.failed) throw new ChangeSetFailed(done);
          return done;
        }),
      );
      out.push({ kind: 'changeset', items });
    } catch (e) {
      if (!(e instanceof ChangeSetFailed)) throw e;
      // A failed change set answers with the single failing response (inference: OData 4.0 batch format).
      out.push({ kind: 'single', done: e.done });
      if (!continueOnError) {
        status = e.done.res.status;
        break;
      }
    }
  }
  const batchBoundary = `batchresponse_${randomUUID()}`;
  const headers: Record<string, string> = {
    'Content-Type': `multipart/mixed; boundary=${batchBoundary}`,
    'OData-Version': '4.0',
  };
  if (continueOnError) headers['Preference-Applied'] = 'odata.continue-on-error';
  return { status, headers, body: [serialize(batchBoundary, out)] };
}

function apiPath(ctx: EmulatorContext, url: string, ids: ReadonlyMap<string, string>): string {
  let u = url;
  const ref = /^\$(\d+)(.*)$/.exec(u);
  if (ref) {
    const target = ids.get(ref[1] as string);
    if (target === undefined) throw E.contentIdMissing(`$${ref[1] as string}`);
    u = target + (ref[2] ?? '');
  }
  if (u.startsWith(ctx.base)) return u.slice(ctx.base.length);
  const m = /^(?:https?:\/\/[^/]+)?\/?api\/data\/v9\.\d\/(.*)$/.exec(u);
  return m ? (m[1] as string) : u.replace(/^\//, '');
}

function exec(
  ctx: EmulatorContext,
  outer: ApiRequest,
  op: BatchOp,
  ids: Map<string, string>,
  run: Run,
): Done {
  let res: ApiResponse;
  try {
    const path = apiPath(ctx, op.url, ids);
    // Content-ID references inside bind values: "$1" -> the created entity's URL.
    // Scanned only when a reference can be there: most parts of a large batch hold none.
    const body = !op.body.includes('"$')
      ? op.body
      : op.body.replace(/"\$(\d+)"/g, (_, n: string) => {
          const target = ids.get(n);
          if (target === undefined) throw E.contentIdMissing(`$${n}`);
          return JSON.stringify(target);
        });
    const q = path.indexOf('?');
    res = run({
      method: op.method,
      path,
      query: new URLSearchParams(q < 0 ? '' : path.slice(q + 1)),
      headers: op.headers,
      body,
      subject: outer.subject,
    });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    res = e.toResponse();
  }
  const failed = res.status >= 400;
  const entityId = res.headers['OData-EntityId'];
  if (op.contentId !== undefined && entityId !== undefined) ids.set(op.contentId, entityId);
  if (!failed && op.method === 'POST' && entityId !== undefined) res.headers['Location'] = entityId;
  if (failed) res.headers['REQ_ID'] = randomUUID();
  return { res, failed, ...(op.contentId !== undefined ? { contentId: op.contentId } : {}) };
}

function httpPart(d: Done): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (d.contentId !== undefined) lines.push(`Content-ID: ${d.contentId}`);
  lines.push('', `HTTP/1.1 ${d.res.status} ${STATUS_CODES[d.res.status] ?? ''}`);
  for (const [k, v] of Object.entries(d.res.headers)) lines.push(`${k}: ${v}`);
  lines.push('', d.res.body.map((c) => c.toString()).join(''));
  return lines.join('\r\n');
}

function serialize(boundary: string, parts: readonly OutPart[]): string {
  const out: string[] = [];
  for (const p of parts) {
    out.push(`--${boundary}`);
    if (p.kind === 'single') out.push(httpPart(p.done));
    else {
      const cs = `changesetresponse_${randomUUID()}`;
      out.push(`Content-Type: multipart/mixed; boundary=${cs}`, '');
      for (const d of p.items) out.push(`--${cs}`, httpPart(d));
      out.push(`--${cs}--`);
    }
  }
  out.push(`--${boundary}--`, '');
  return out.join('\r\n');
}
