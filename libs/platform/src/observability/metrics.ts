import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The one Prometheus registry of a process (API, worker, or both in `npm start`). Counters and
 * histograms are fed where things happen (CommandService, the HTTP middleware, the projector,
 * the scanner); gauges that describe shared state (projection lag, pending notices, queue depth)
 * are read from their sources at scrape time by `renderMetrics()`, so every replica reports the
 * same values for them.
 */
export const metricsRegistry = new Registry();

let defaultMetrics = false;
/**
 * Starts the default process metrics (CPU, memory, event-loop lag, GC) once per process. Called
 * by the processes that serve /metrics, not on import: a CLI run needs no event-loop monitor.
 */
export function enableDefaultMetrics(): void {
  if (defaultMetrics) return;
  defaultMetrics = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

export const eventsAppended = new Counter({
  name: 'dle_events_appended_total',
  help: 'Events appended by API commands, by event type',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
});

export const eventsProjected = new Counter({
  name: 'dle_events_projected_total',
  help: 'Events applied to the read models by the projector of this process (all writers: API, scanner, mail worker, CLI)',
  registers: [metricsRegistry],
});

export const projectionLagEvents = new Gauge({
  name: 'dle_projection_lag_events',
  help: 'Events in the store beyond the read models checkpoint (read at scrape)',
  registers: [metricsRegistry],
});

export const feedLagSeconds = new Gauge({
  name: 'dle_feed_lag_seconds',
  help: 'Age of the oldest event not yet applied to the read models; 0 when caught up (read at scrape)',
  registers: [metricsRegistry],
});

export const httpDuration = new Histogram({
  name: 'dle_http_request_duration_seconds',
  help: 'HTTP request duration by method, route pattern and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const noticesIssued = new Counter({
  name: 'dle_notices_issued_total',
  help: 'Notices issued (NoticeIssued events applied by the projector of this process)',
  registers: [metricsRegistry],
});

export const noticesSent = new Counter({
  name: 'dle_notices_sent_total',
  help: 'Notices delivered (NoticeDelivered events applied by the projector of this process)',
  registers: [metricsRegistry],
});

export const noticesFailed = new Counter({
  name: 'dle_notices_failed_total',
  help: 'Notices that failed for good (NoticeFailed events applied by the projector of this process)',
  registers: [metricsRegistry],
});

export const noticeAttemptsFailed = new Counter({
  name: 'dle_notice_attempts_failed_total',
  help: 'Delivery attempts that failed and will be retried (NoticeDeliveryAttemptFailed events)',
  registers: [metricsRegistry],
});

export const noticesPending = new Gauge({
  name: 'dle_notices_pending',
  help: 'Notices issued and not yet delivered, failed or cancelled (rm_notifications, read at scrape)',
  registers: [metricsRegistry],
});

export const queueDepth = new Gauge({
  name: 'dle_queue_depth',
  help: 'BullMQ jobs waiting, delayed, prioritized or active, by queue (read at scrape)',
  labelNames: ['queue'] as const,
  registers: [metricsRegistry],
});

export const scanDuration = new Histogram({
  name: 'dle_scan_duration_seconds',
  help: 'Duration of deadline scanner passes, by outcome',
  labelNames: ['outcome'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});

/** Counts events a command appended (CommandService, after a successful, non-replayed append). */
export function recordEventsAppended(events: readonly { type: string }[]): void {
  for (const event of events) eventsAppended.inc({ type: event.type });
}

const NOTICE_COUNTERS: Record<string, Counter> = {
  NoticeIssued: noticesIssued,
  NoticeDelivered: noticesSent,
  NoticeFailed: noticesFailed,
  NoticeDeliveryAttemptFailed: noticeAttemptsFailed,
};

/**
 * Counts a batch the projector applied. Exactly one projector is active per store and applies
 * each event once, so summing these counters over all processes counts each notice once.
 */
export function recordProjectedEvents(events: readonly { type: string }[]): void {
  eventsProjected.inc(events.length);
  for (const event of events) NOTICE_COUNTERS[event.type]?.inc();
}

/** What the sources report at scrape time; a missing field leaves its gauge empty. */
export interface ScrapeReading {
  projectionLagEvents?: number;
  feedLagSeconds?: number;
  noticesPending?: number;
  /** queue name → waiting + delayed + prioritized + active */
  queueDepth?: Record<string, number>;
}

export type ScrapeSource = () => Promise<ScrapeReading>;

const sources = new Map<string, ScrapeSource>();
const SOURCE_TIMEOUT_MS = 2000;

/**
 * Registers something `renderMetrics()` reads at scrape time (the database probe, the queue
 * probe). A later registration under the same name replaces the earlier one; the returned
 * function removes this one (on module destroy).
 */
export function registerScrapeSource(name: string, source: ScrapeSource): () => void {
  sources.set(name, source);
  return () => {
    if (sources.get(name) === source) sources.delete(name);
  };
}

/** Reads every scrape source (each bounded to 2 s; a failing one leaves its gauges empty) and renders the registry. */
export async function renderMetrics(): Promise<string> {
  enableDefaultMetrics();
  const readings = await Promise.all(
    [...sources.values()].map((read) => withTimeout(read(), SOURCE_TIMEOUT_MS).catch(() => ({}) as ScrapeReading)),
  );
  const merged: ScrapeReading = Object.assign({}, ...readings);
  setOrReset(projectionLagEvents, merged.projectionLagEvents);
  setOrReset(feedLagSeconds, merged.feedLagSeconds);
  setOrReset(noticesPending, merged.noticesPending);
  queueDepth.reset();
  for (const [queue, depth] of Object.entries(merged.queueDepth ?? {})) queueDepth.set({ queue }, depth);
  return metricsRegistry.metrics();
}

export const metricsContentType = metricsRegistry.contentType;

function setOrReset(gauge: Gauge, value: number | undefined): void {
  if (value === undefined || !Number.isFinite(value)) gauge.reset();
  else gauge.set(value);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
