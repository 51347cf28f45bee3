// Prometheus metrics of `ferry serve`: counters fed by each pass and by the HTTP observer; gauges read from
// the state store at scrape time (metrics-state.ts). One registry per service, so tests can run several.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FlowReport } from '../engine/run-flow.ts';
import { observeHttp, type HttpObservation } from '../http/observe.ts';
import { labelsNow } from './context.ts';

/** Counts of a flow report that are not record outcomes. */
const NOT_RECORDS = new Set(['apiCalls', 'engineCalls', 'durationMs']);

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly c = (name: string, help: string, labelNames: string[]) =>
    new Counter({ name, help, labelNames, registers: [this.registry] });
  private readonly g = (name: string, help: string, labelNames: string[]) =>
    new Gauge({ name, help, labelNames, registers: [this.registry] });

  readonly records = this.c('ferry_records_total', 'Records handled, by outcome (a flow report count).', [
    'tenant',
    'flow',
    'outcome',
  ]);
  readonly runs = this.c(
    'ferry_flow_runs_total',
    'Flow passes, by outcome (ok, failed, cancelled, skipped).',
    ['tenant', 'flow', 'outcome'],
  );
  readonly requests = this.c(
    'ferry_api_requests_total',
    'API requests on the wire (retries included), by service and status.',
    ['tenant', 'flow', 'service', 'status'],
  );
  readonly engineCalls = this.c('ferry_engine_calls_total', 'Campaign engine calls (licensed API calls).', [
    'tenant',
    'flow',
  ]);
  readonly throttled = this.c('ferry_http_429_total', 'Responses 429 Too Many Requests.', [
    'tenant',
    'flow',
    'service',
  ]);
  readonly paused = this.c(
    'ferry_retry_after_seconds_total',
    'Seconds of pause asked for by Retry-After (429/503).',
    ['tenant', 'flow', 'service'],
  );
  readonly duration = new Histogram({
    name: 'ferry_run_duration_seconds',
    help: 'Duration of a flow pass.',
    labelNames: ['tenant', 'flow', 'outcome'],
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers: [this.registry],
  });
  readonly lastSuccess = this.g(
    'ferry_last_success_timestamp_seconds',
    'End of the last successful pass (Unix time).',
    ['tenant', 'flow'],
  );
  readonly nextRun = this.g(
    'ferry_next_run_timestamp_seconds',
    'When this process runs the flow next (Unix time).',
    ['tenant', 'flow'],
  );
  readonly stopped = this.g(
    'ferry_flow_stopped',
    '1 when serve stopped scheduling the flow (configuration error or drift).',
    ['tenant', 'flow', 'reason'],
  );
  readonly backlog = this.g('ferry_backlog', 'Records waiting: dead letters plus pending opt-outs.', [
    'tenant',
    'flow',
  ]);
  readonly deadLetters = this.g('ferry_dead_letters', 'Live dead letters, by reason code.', [
    'tenant',
    'flow',
    'reason',
  ]);
  readonly pendingOptouts = this.g('ferry_optouts_pending', 'Opt-out changes waiting to be written.', [
    'tenant',
    'flow',
  ]);
  readonly journalLag = this.g(
    'ferry_journal_lag_seconds',
    'Events flows: seconds since the journal was last read to its end (last successful pass).',
    ['tenant', 'flow'],
  );
  readonly leaseHolder = this.g(
    'ferry_lease_holder',
    '1 for the worker holding the flow lease (unexpired).',
    ['tenant', 'flow', 'worker'],
  );
  readonly stateUp = this.g('ferry_state_up', '1 when the state store answered the last scrape.', ['tenant']);
  private readonly unobserve: () => void;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.unobserve = observeHttp((o) => this.http(o));
  }

  private http(o: HttpObservation): void {
    // Outside a serve pass (another command in the same process) nothing is labelled: not counted.
    const at = labelsNow();
    if (at === undefined) return;
    const l = { tenant: at.tenant, flow: at.flow, service: o.service };
    this.requests.inc({ ...l, status: String(o.status) });
    if (o.status === 429) this.throttled.inc(l);
    if (o.retryAfterMs !== null) this.paused.inc(l, o.retryAfterMs / 1000);
  }

  /** One flow pass of one tenant. */
  pass(tenant: string, r: FlowReport, endedAt: number): void {
    const l = { tenant, flow: r.flow };
    this.runs.inc({ ...l, outcome: r.outcome });
    if (r.outcome === 'skipped') return;
    for (const [key, n] of Object.entries(r.counts))
      if (!NOT_RECORDS.has(key) && n > 0) this.records.inc({ ...l, outcome: key }, n);
    this.engineCalls.inc(l, r.counts['engineCalls'] ?? 0);
    this.duration.observe({ ...l, outcome: r.outcome }, (r.counts['durationMs'] ?? 0) / 1000);
    if (r.outcome === 'ok') this.lastSuccess.set(l, endedAt / 1000);
  }

  close(): void {
    this.unobserve();
  }
}
