/**
 * The one way the console talks to the engine: `/api/v1` of api.md, bearer token, JSON. Errors
 * come back as ApiError carrying the API's `{code, message, details: [{field, message}]}` so
 * forms can show each message next to its field. Every command answer's event-store `position`
 * is remembered and sent as `minPosition` on later reads, so a page never shows a state older
 * than what this user just did (read-your-writes over eventually consistent read models).
 */

export const API_BASE = '/api/v1';
const POSITION_KEY = 'dle.position';
const MAX_RETRIES = 6;

export interface FieldIssue {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldIssue[] = [],
  ) {
    super(message);
  }

  /** Messages about a form field or any of its parts (`offset` matches `offset.amount`, `emails` matches `emails[2]`). */
  forField(field: string): string[] {
    return this.details
      .filter((d) => d.field === field || d.field.startsWith(`${field}.`) || d.field.startsWith(`${field}[`))
      .map((d) => (d.field === field ? d.message : `${d.field}: ${d.message}`));
  }

  /** Details no field of the form claims: shown in the form's summary. */
  unclaimed(fields: string[]): FieldIssue[] {
    return this.details.filter((d) => !fields.some((f) => d.field === f || d.field.startsWith(`${f}.`) || d.field.startsWith(`${f}[`)));
  }

  /** The same error with every field name stripped of a prefix (`rules[0].offset` → `offset`). */
  withoutPrefix(prefix: string): ApiError {
    const details = this.details.map((d) => (d.field.startsWith(prefix) ? { ...d, field: d.field.slice(prefix.length) } : d));
    return new ApiError(this.status, this.code, this.message, details);
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** a command retried with the same key gives the same answer and no new event */
  idempotencyKey?: string;
  /** `text`: the body as text (SVG, HTML); default JSON */
  as?: 'json' | 'text';
  signal?: AbortSignal;
}

export interface ResponseMeta {
  headers: Headers;
}

const sleep = (ms: number) => new Promise((resolve) => window.setTimeout(resolve, ms));

/** A random UUID also on plain-http intranet addresses (crypto.randomUUID needs a secure context). */
export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export class Api {
  private position: number;

  constructor(
    private readonly token: string,
    private readonly onUnauthorized: () => void = () => undefined,
  ) {
    this.position = Number(sessionStorage.getItem(POSITION_KEY) ?? 0) || 0;
  }

  /** The highest event position this session wrote (or saw in a command answer). */
  get lastPosition(): number {
    return this.position;
  }

  get<T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query' | 'body'> = {}): Promise<T> {
    return this.request<T>('GET', path, { ...opts, query });
  }

  post<T>(path: string, body: unknown, opts: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('POST', path, { ...opts, body, idempotencyKey: opts.idempotencyKey ?? uuid() });
  }

  put<T>(path: string, body: unknown, opts: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('PUT', path, { ...opts, body, idempotencyKey: opts.idempotencyKey ?? uuid() });
  }

  delete<T>(path: string, opts: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('DELETE', path, { ...opts, idempotencyKey: opts.idempotencyKey ?? uuid() });
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(opts.query ?? {})) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    // Reads (and the dry run, a read) wait until the read models hold this session's last write.
    const isRead = method === 'GET' || path === '/reminder-rules/simulate';
    if (isRead && this.position > 0 && !params.has('minPosition')) params.set('minPosition', String(this.position));
    const search = params.toString();
    const url = `${API_BASE}${path}${search ? `?${search}` : ''}`;
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.token}`,
      Accept: opts.as === 'text' ? '*/*' : 'application/json',
    };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;

    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers,
          body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
          signal: opts.signal,
          cache: 'no-store',
        });
      } catch (error) {
        if ((error as Error)?.name === 'AbortError') throw error;
        throw new ApiError(0, 'network', 'network');
      }
      // 503: the read models have not caught up yet (minPosition: the projector can be held back for
      // a while by a long transaction elsewhere on the database server) or a dependency is down; 429: rate limit.
      if ((res.status === 503 || res.status === 429) && attempt < MAX_RETRIES) {
        const wait = Number(res.headers.get('Retry-After') ?? 1);
        await sleep(Math.min(5, Number.isFinite(wait) && wait > 0 ? wait : 1) * 1000);
        continue;
      }
      if (!res.ok) {
        const error = await readError(res);
        if (res.status === 401) this.onUnauthorized();
        throw error;
      }
      const data = opts.as === 'text' ? ((await res.text()) as T) : ((await res.json()) as T);
      if (method !== 'GET') this.remember(data);
      return data;
    }
  }

  private remember(data: unknown): void {
    const position = (data as { position?: unknown } | null)?.position;
    if (typeof position === 'number' && position > this.position) {
      this.position = position;
      sessionStorage.setItem(POSITION_KEY, String(position));
    }
  }
}

async function readError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: FieldIssue[] } };
    const e = body.error ?? {};
    return new ApiError(res.status, e.code ?? String(res.status), e.message ?? res.statusText, Array.isArray(e.details) ? e.details : []);
  } catch {
    return new ApiError(res.status, String(res.status), res.statusText || `HTTP ${res.status}`);
  }
}

export function clearPosition(): void {
  sessionStorage.removeItem(POSITION_KEY);
}

/** Path segment for an id or code given by a user ("71/NQ-CP" style codes stay one segment). */
export const seg = (value: string): string => encodeURIComponent(value);
