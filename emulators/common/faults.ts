// Seeded, per-route fault injection: latency, 5xx, connection reset, 429 storms, commit-then-drop.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Rng } from './prng.ts';

export interface FaultRule {
  /** HTTP method to match (any when omitted). */
  readonly method?: string;
  /** Path prefix (string) or pattern (RegExp) matched against the URL pathname; any when omitted. */
  readonly path?: string | RegExp;
  /** Fixed latency, or a [min, max] range drawn from the seed. */
  readonly latencyMs?: number | readonly [number, number];
  /** Probability (0..1) of answering a 5xx without running the handler. */
  readonly errorRate?: number;
  /** Status used for injected 5xx (default 503). */
  readonly errorStatus?: number;
  /** Probability of destroying the socket before the handler runs (client sees ECONNRESET). */
  readonly resetRate?: number;
  /** Probability that the handler runs (the write commits) but the response is never delivered. */
  readonly dropAfterCommitRate?: number;
  /** Probability that a 429 storm starts on this request. */
  readonly stormRate?: number;
  /** Requests answered 429 once a storm starts (default 5). */
  readonly stormLength?: number;
  /** Retry-After seconds sent during a storm (default 1). */
  readonly retryAfterSeconds?: number;
}

export type FaultAction =
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly status: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'throttle'; readonly retryAfterSeconds: number };

export interface FaultDecision {
  readonly latencyMs: number;
  readonly action: FaultAction;
  /** Index of the matching rule, or -1. */
  readonly rule: number;
}

/** How an emulator renders injected failures in its own wire format. */
export interface FaultRenderer {
  serverError(res: ServerResponse, status: number): void;
  throttled(res: ServerResponse, retryAfterSeconds: number): void;
}

interface RuleState {
  rng: Rng;
  stormLeft: number;
}

const NONE: FaultDecision = { latencyMs: 0, action: { kind: 'none' }, rule: -1 };

export class FaultInjector {
  private rules: readonly FaultRule[] = [];
  private states: RuleState[] = [];
  private seed: number | string;
  /** Count of injected faults by kind (for tests and the sandbox control surface). */
  readonly counts: Record<FaultAction['kind'], number> = {
    none: 0,
    error: 0,
    reset: 0,
    drop: 0,
    throttle: 0,
  };

  constructor(opts: { seed?: number | string; rules?: readonly FaultRule[] } = {}) {
    this.seed = opts.seed ?? 1;
    this.setRules(opts.rules ?? []);
  }

  /** Replaces the rules and restarts every rule's random stream from the seed. */
  setRules(rules: readonly FaultRule[], seed: number | string = this.seed): void {
    this.seed = seed;
    this.rules = rules;
    // One stream per rule, so traffic on one route does not shift decisions on another.
    this.states = rules.map((_, i) => ({ rng: new Rng(`${String(seed)}#${i}`), stormLeft: 0 }));
  }

  get active(): boolean {
    return this.rules.length > 0;
  }

  decide(method: string, pathname: string): FaultDecision {
    const i = this.rules.findIndex((r) => matches(r, method, pathname));
    const rule = this.rules[i];
    const st = this.states[i];
    if (rule === undefined || st === undefined) return NONE;
    const latencyMs = drawLatency(rule.latencyMs, st.rng);
    const action = this.drawAction(rule, st);
    this.counts[action.kind]++;
    return { latencyMs, action, rule: i };
  }

  private drawAction(rule: FaultRule, st: RuleState): FaultAction {
    const retryAfterSeconds = rule.retryAfterSeconds ?? 1;
    if (st.stormLeft > 0) {
      st.stormLeft--;
      return { kind: 'throttle', retryAfterSeconds };
    }
    // Always draw the same number of values per request so one knob does not shift the others.
    const r = [st.rng.next(), st.rng.next(), st.rng.next(), st.rng.next()] as const;
    if (r[0] < (rule.stormRate ?? 0)) {
      st.stormLeft = Math.max(0, (rule.stormLength ?? 5) - 1);
      return { kind: 'throttle', retryAfterSeconds };
    }
    if (r[1] < (rule.resetRate ?? 0)) return { kind: 'reset' };
    if (r[2] < (rule.errorRate ?? 0)) return { kind: 'error', status: rule.errorStatus ?? 503 };
    if (r[3] < (rule.dropAfterCommitRate ?? 0)) return { kind: 'drop' };
    return { kind: 'none' };
  }
}

function matches(rule: FaultRule, method: string, pathname: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? pathname.startsWith(rule.path) : rule.path.test(pathname);
}

function drawLatency(spec: FaultRule['latencyMs'], rng: Rng): number {
  if (spec === undefined) return 0;
  if (typeof spec === 'number') return spec;
  const [min, max] = spec;
  return min + Math.floor(rng.next() * (max - min + 1));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs `handler` under a fault decision. For `drop`, the handler runs to completion (its writes
 * commit) but everything it writes is swallowed and the socket is destroyed instead.
 */
export async function runWithFault(
  decision: FaultDecision,
  req: IncomingMessage,
  res: ServerResponse,
  handler: () => Promise<void> | void,
  render: FaultRenderer,
): Promise<void> {
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  const a = decision.action;
  switch (a.kind) {
    case 'reset':
      // RST rather than FIN, so the client sees ECONNRESET as with a real network fault.
      req.socket.resetAndDestroy();
      return;
    case 'error':
      req.resume();
      render.serverError(res, a.status);
      return;
    case 'throttle':
      req.resume();
      render.throttled(res, a.retryAfterSeconds);
      return;
    case 'drop': {
      muzzle(res);
      try {
        await handler();
      } finally {
        req.socket.destroy();
      }
      return;
    }
    case 'none':
      await handler();
  }
}

/** Makes a response swallow all output so the client never sees the committed result. */
function muzzle(res: ServerResponse): void {
  const r = res as unknown as Record<string, unknown>;
  r['writeHead'] = () => res;
  r['setHeader'] = () => res;
  r['write'] = () => true;
  r['end'] = () => res;
}
