import { scanDuration } from './metrics';

/**
 * What this process knows about the deadline scanner, for /health and /metrics. The scanner
 * (apps/worker) registers itself and wraps each pass in `observeScan`; a process without a
 * scanner (an API replica of a split deployment) reports it as `unknown`.
 */
export interface ScannerRun {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  ok: boolean;
  error?: string;
}

export interface ScannerRegistration {
  /** SCAN_INTERVAL_MS: a leader with no pass for 3 intervals (at least 5 min) is reported down */
  intervalMs: number;
  /** true while this process holds the scanner lock */
  isLeader(): boolean;
}

export interface ScannerHealth {
  status: 'up' | 'down' | 'unknown';
  role?: 'leader' | 'standby';
  intervalMs?: number;
  lastRun?: ScannerRun | null;
  error?: string;
  detail?: string;
}

let registration: ScannerRegistration | null = null;
let lastRun: ScannerRun | null = null;

/** Called once by the scanner of this process; the returned function unregisters it (shutdown). */
export function registerScanner(info: ScannerRegistration): () => void {
  registration = info;
  return () => {
    if (registration === info) registration = null;
  };
}

/**
 * Runs one scanner pass, recording its duration in `dle_scan_duration_seconds{outcome}` and as
 * the last run shown by /health. Rethrows what the pass throws.
 */
export async function observeScan<T>(pass: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const end = scanDuration.startTimer();
  try {
    const result = await pass();
    end({ outcome: 'ok' });
    recordScannerRun(started, true);
    return result;
  } catch (error) {
    end({ outcome: 'error' });
    recordScannerRun(started, false, error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/** Records a pass timed elsewhere (when observeScan cannot wrap it). */
export function recordScannerRun(startedAtMs: number, ok: boolean, error?: string): void {
  const finished = Date.now();
  lastRun = {
    startedAt: new Date(startedAtMs).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - startedAtMs,
    ok,
    ...(error ? { error: error.slice(0, 300) } : {}),
  };
}

export function scannerHealth(now = Date.now()): ScannerHealth {
  if (!registration && !lastRun) return { status: 'unknown', detail: 'no scanner runs in this process' };
  const role = registration ? (registration.isLeader() ? 'leader' : 'standby') : undefined;
  const base: ScannerHealth = {
    status: 'up',
    ...(role ? { role } : {}),
    ...(registration ? { intervalMs: registration.intervalMs } : {}),
    lastRun,
  };
  if (lastRun && !lastRun.ok) return { ...base, status: 'down', error: 'the last scan failed' };
  if (role === 'leader' && lastRun && registration) {
    const silentMs = now - Date.parse(lastRun.finishedAt);
    if (silentMs > Math.max(3 * registration.intervalMs, 300_000))
      return { ...base, status: 'down', error: `no scan for ${Math.round(silentMs / 1000)} s` };
  }
  return base;
}

/** For tests: forget registrations and runs. */
export function resetScannerStatus(): void {
  registration = null;
  lastRun = null;
}
