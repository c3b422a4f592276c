import { Api, ApiError, clearPosition } from './api';
import type { Role } from './types';

const SESSION_KEY = 'dle.session';

export interface Session {
  token: string;
  role: Role;
  /** the agency an agency officer's token is scoped to */
  agency: string | null;
}

/**
 * Who a token is, found through api.md alone (no "who am I" endpoint): the summary answers an
 * agency officer with its own agency in `filters.agency`; `GET /events` is for auditors and
 * admins; the dry run (`POST /reminder-rules/simulate`, sent empty: a 400 that computes and
 * writes nothing) is for coordinators and admins. 401 means the token is unknown.
 */
export async function identify(token: string): Promise<Session> {
  const api = new Api(token);
  const summary = await api.get('/reports/summary');
  const agency = summary.filters?.agency ?? null;
  if (agency) return { token, role: 'agency', agency };
  const allowed = (p: Promise<unknown>) =>
    p.then(
      () => true,
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 403) return false;
        if (e instanceof ApiError && e.status === 400) return true;
        throw e;
      },
    );
  const [audits, plans] = await Promise.all([
    allowed(api.get('/events', { params: { query: { limit: 1 } } })),
    allowed(api.postDraft('/reminder-rules/simulate', {}, {})),
  ]);
  const role: Role = audits && plans ? 'admin' : audits ? 'auditor' : plans ? 'coordinator' : 'agency';
  return { token, role, agency: null };
}

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
  clearPosition();
}

/** What each role may do (api.md "Roles"); the API enforces it, the console only hides what would be refused. */
export function capabilities(s: Session) {
  const admin = s.role === 'admin';
  const coordinate = admin || s.role === 'coordinator';
  return {
    readAll: s.role !== 'agency',
    coordinate,
    readRules: s.role !== 'agency',
    writeRules: admin,
    simulate: coordinate,
    audit: admin || s.role === 'auditor',
    writeSettings: admin,
    readSettings: s.role !== 'agency',
    /** progress, blockers, completion, extension requests: the lead agency's officers and coordinators */
    report: (leadAgency: string) => coordinate || (s.role === 'agency' && s.agency === leadAgency),
  };
}
export type Capabilities = ReturnType<typeof capabilities>;
