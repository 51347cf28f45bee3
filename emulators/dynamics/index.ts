// Dataverse Web API emulator: a node:http server over an in-memory store, driven by the org's schema.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityDef, OrgSchema } from './schema/model.ts';
import { BodyTooLargeError, readText } from '../common/body.ts';
import { offsetClock, type Clock, type ManualClock } from '../common/clock.ts';
import { FaultInjector, runWithFault, type FaultRule } from '../common/faults.ts';
import { startHttpServer } from '../common/server.ts';
import { SANDBOX } from '../sandbox-credentials.ts';
import { TokenRegistry, type TokenValidator } from '../entra/tokens.ts';
import { ApiError, type ApiResponse } from './api.ts';
import { API_PREFIX, type EmulatorContext } from './context.ts';
import { E } from './errors.ts';
import { ServiceLimits, type ServiceLimitOptions } from './limits.ts';
import { dispatch, pathOnly } from './router.ts';
import { sandboxControl } from './sandbox.ts';
import { Store } from './store/store.ts';
import { UserPrivileges } from './privileges.ts';
import { definitionsMap } from './definitions.ts';
import { nameGuid, synthesizeCsdl } from './synth.ts';

export { Store, isoSeconds } from './store/store.ts';
export type { Row } from './store/store.ts';
export type { ServiceLimitOptions } from './limits.ts';
export { UserPrivileges } from './privileges.ts';
export type { PrivilegeDepth } from './privileges.ts';
export { evaluateFilter, parseFilter } from './odata/filter.ts';
export { loadDynamicsSnapshot } from './snapshot.ts';
export type { DynamicsSnapshot } from './snapshot.ts';
export type { AttributeDef, ChoiceOption, EntityDef, NavigationDef, OrgSchema } from './schema/model.ts';

export interface DynamicsEmulatorOptions {
  /** The org's tables (CSDL + EntityDefinitions) that drive routing and validation. */
  readonly metadata: OrgSchema;
  /** `$metadata` bytes served as-is (the CSDL snapshot); synthesized from the model when omitted. */
  readonly csdlXml?: string;
  /** Raw EntityDefinitions JSON by logical name, served as-is; synthesized per entity when missing. */
  readonly entityDefinitions?: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>;
  readonly port?: number;
  /** Validates bearer tokens; pass the Entra emulator's `tokens`. A private registry is created when omitted. */
  readonly tokens?: TokenValidator;
  /** Injectable clock (createdon/modifiedon, delta token age, limit windows); defaults to wall clock + offset. */
  readonly clock?: Clock;
  /** Change-tracking token lifetime (default 7 days, §6). */
  readonly deltaTokenMaxAgeMs?: number;
  /** Service protection limits; `false` disables them. */
  readonly limits?: ServiceLimitOptions | false;
  readonly faults?: { readonly seed?: number | string; readonly rules?: readonly FaultRule[] };
  /** `$batch` operation cap (default 1000). */
  readonly maxBatchOperations?: number;
  /** Request body cap in bytes; above it the answer is 413 (default 128 MB). */
  readonly maxBodyBytes?: number;
  /** Tenant in the 401 `WWW-Authenticate` authorization_uri (default: the sandbox tenant). */
  readonly tenantId?: string;
  /** Serve the sandbox-only control surface under `/_sandbox/` (default true). */
  readonly sandboxHttp?: boolean;
  /** How long (emulator clock) a created alternate key stays `Pending` before it is `Active` (default 30 s). */
  readonly keyIndexDelayMs?: number;
}

export interface DynamicsCounters {
  requests: number;
  /** By `METHOD first-segment`, e.g. `GET contacts`, `POST $batch`. */
  readonly byRoute: Record<string, number>;
  readonly byStatus: Record<string, number>;
}

export interface DynamicsEmulator {
  /** Org URL, e.g. `http://127.0.0.1:PORT` (use `${url}/.default` as the token scope). */
  readonly url: string;
  /** `${url}/api/data/v9.2/`. */
  readonly apiUrl: string;
  readonly port: number;
  /** Direct data access (sandbox control): upsert/delete/get/count rows without HTTP. */
  readonly store: Store;
  readonly clock: Clock;
  readonly tokens: TokenValidator;
  readonly faults: FaultInjector;
  readonly limits: ServiceLimits | undefined;
  readonly counters: DynamicsCounters;
  /** Privileges RetrieveUserPrivileges reports (revoke one to model a narrower security role). */
  readonly privileges: UserPrivileges;
  /** Moves the emulator clock forward (only when the clock supports it, e.g. the default one). */
  advanceClock(ms: number): void;
  setDeltaTokenMaxAge(ms: number): void;
  close(): Promise<void>;
}

export async function startDynamicsEmulator(opts: DynamicsEmulatorOptions): Promise<DynamicsEmulator> {
  const md = opts.metadata;
  const clock = opts.clock ?? offsetClock();
  const store = new Store(md, clock);
  const tokens = opts.tokens ?? new TokenRegistry(clock);
  const faults = new FaultInjector(opts.faults ?? {});
  const limits = opts.limits === false ? undefined : new ServiceLimits(opts.limits ?? {}, clock);
  const counters: DynamicsCounters = { requests: 0, byRoute: {}, byStatus: {} };
  const tenantId = opts.tenantId ?? SANDBOX.entraTenantId;
  const maxBody = opts.maxBodyBytes ?? 128 * 1024 * 1024;
  const ctx: EmulatorContext = {
    store,
    clock,
    base: '',
    csdlXml: opts.csdlXml ?? synthesizeCsdl(md),
    entityDefinitions: definitionsMap(md, opts.entityDefinitions),
    deltaTokenMaxAgeMs: opts.deltaTokenMaxAgeMs ?? 7 * 24 * 3600 * 1000,
    maxBatchOperations: opts.maxBatchOperations ?? 1000,
    organizationId: nameGuid(`organization:${tenantId}`),
    businessUnitId: nameGuid(`businessunit:${tenantId}`),
    privileges: new UserPrivileges(),
    supportsAction: (e: EntityDef, action: string) => {
      const bound = store.metadata.boundActions;
      return (bound.get(e.entitySetName) ?? bound.get(e.logicalName) ?? []).includes(action);
    },
    createdKeys: new Map(),
    keyIndexDelayMs: opts.keyIndexDelayMs ?? 30_000,
  };
  const control = opts.sandboxHttp === false ? undefined : sandboxControl(ctx, faults, counters, clock);

  const write = (res: ServerResponse, r: ApiResponse, extra: Record<string, string>) => {
    // Small bodies go out in one write with Content-Length; large pages stream chunk by chunk.
    if (r.body.length <= 1) {
      // Encoded once: measuring the text's length in bytes and then writing it would read it twice.
      const body = Buffer.from(r.body[0] ?? '');
      res.writeHead(r.status, { ...r.headers, ...extra, 'Content-Length': String(body.length) });
      res.end(body);
      return;
    }
    res.writeHead(r.status, { ...r.headers, ...extra });
    for (const c of r.body) res.write(c);
    res.end();
  };

  async function api(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    const method = req.method ?? 'GET';
    counters.requests++;
    const rel = rawPath.slice(API_PREFIX.length);
    const route = `${method} ${pathOnly(rel).split(/[/(]/)[0] ?? ''}`;
    counters.byRoute[route] = (counters.byRoute[route] ?? 0) + 1;
    const done = (r: ApiResponse, extra: Record<string, string> = {}) => {
      counters.byStatus[r.status] = (counters.byStatus[r.status] ?? 0) + 1;
      write(res, r, extra);
    };
    const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const check = tokens.check(auth);
    if (!check.ok) {
      req.resume();
      // Body not recorded in the reference; 401 with an empty body and the documented challenge (§1.1).
      return done(
        { status: 401, headers: {}, body: [] },
        {
          'WWW-Authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/${tenantId}/oauth2/authorize, resource_id=${ctx.base.replace(/api\/data\/v9\.2\/$/, '')}`,
        },
      );
    }
    const subject = check.info.subject;
    const admission = limits?.admit(subject);
    if (admission && !admission.ok) {
      req.resume();
      return done(new ApiError(429, admission.code, admission.message).toResponse(), {
        'Retry-After': String(admission.retryAfterSeconds),
        ...limits?.headers(subject),
      });
    }
    const started = performance.now();
    try {
      let body: string;
      try {
        body = await readText(req, maxBody);
      } catch (e) {
        if (e instanceof BodyTooLargeError)
          return done(E.bodyTooLarge().toResponse(), { Connection: 'close' });
        throw e;
      }
      const q = rel.indexOf('?');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const r = dispatch(ctx, {
        method,
        path: rel,
        query: new URLSearchParams(q < 0 ? '' : rel.slice(q + 1)),
        headers,
        body,
        subject,
      });
      done(r, { 'x-ms-service-request-id': randomUUID(), ...limits?.headers(subject) });
    } finally {
      if (admission?.ok) admission.release(performance.now() - started);
    }
  }

  const started = await startHttpServer(
    async (req, res) => {
      const rawPath = (req.url ?? '/').replace(/^https?:\/\/[^/]+/, '');
      const pathname = rawPath.split('?')[0] ?? '/';
      if (control && pathname.startsWith('/_sandbox/')) return control(req, res, pathname);
      await runWithFault(
        faults.decide(req.method ?? 'GET', pathname),
        req,
        res,
        async () => {
          if (!rawPath.startsWith(API_PREFIX) && rawPath !== API_PREFIX.slice(0, -1)) {
            req.resume();
            return write(res, E.segmentNotFound(pathname.replace(/^\//, '')).toResponse(), {});
          }
          await api(req, res, rawPath === API_PREFIX.slice(0, -1) ? API_PREFIX : rawPath);
        },
        {
          serverError: (r, status) =>
            write(
              r,
              new ApiError(
                status,
                '',
                'The service is temporarily unavailable (injected fault).',
              ).toResponse(),
              {},
            ),
          throttled: (r, s) =>
            write(
              r,
              new ApiError(
                429,
                '0x80072322',
                `Number of requests exceeded the limit of ${limits?.requests ?? 6000} over time window of ${(limits?.windowMs ?? 300000) / 1000} seconds.`,
              ).toResponse(),
              { 'Retry-After': String(s) },
            ),
        },
      );
    },
    opts.port === undefined ? {} : { port: opts.port },
  );
  ctx.base = `${started.url}${API_PREFIX}`;

  return {
    url: started.url,
    apiUrl: ctx.base,
    port: started.port,
    store,
    clock,
    tokens,
    faults,
    limits,
    counters,
    privileges: ctx.privileges,
    advanceClock(ms) {
      const c = clock as Partial<ManualClock>;
      if (typeof c.advance !== 'function')
        throw new ApiError(400, '', 'The configured clock cannot be advanced.');
      c.advance(ms);
    },
    setDeltaTokenMaxAge(ms) {
      ctx.deltaTokenMaxAgeMs = ms;
    },
    close: () => started.close(),
  };
}
