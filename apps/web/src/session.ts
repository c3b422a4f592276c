import { Api, ApiError, clearPosition } from './api';
import type { Role } from './types';

const SESSION_KEY = 'dle.session';

export interface Session {
  /** a bearer token pasted at sign-in (service and bootstrap tokens); null: the session cookie of a signed-in person */
  token: string | null;
  role: Role;
  /** the agency an agency officer is scoped to */
  agency: string | null;
  /** a signed-in person: who, and the CSRF token their writes carry */
  person?: { id: string; name: string; email: string; title: string | null; roles: Role[] };
  csrfToken?: string | null;
}

const ROLE_ORDER: Role[] = ['admin', 'coordinator', 'auditor', 'agency'];

/** The person signed in in this browser (the session cookie), or null: one sign-in for every tab. */
export async function personSession(): Promise<Session | null> {
  const res = await fetch('/api/v1/me', { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) return null;
  const me = await res.json();
  if (!me.csrfToken) return null;
  const roles = (me.roles ?? []) as Role[];
  return {
    token: null,
    role: ROLE_ORDER.find((r) => roles.includes(r)) ?? 'agency',
    agency: me.agency ?? null,
    person: { id: me.id, name: me.name, email: me.email, title: me.title ?? null, roles },
    csrfToken: me.csrfToken,
  };
}

/** Ends the person's session on the server (the cookie then gets 401). */
export async function endPersonSession(csrfToken: string | null | undefined): Promise<void> {
  await fetch('/api/v1/auth/logout', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken ?? '' },
    body: '{}',
    credentials: 'same-origin',
  }).catch(() => undefined);
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

/** Only a pasted token is kept (in this tab); a person's session lives in its HttpOnly cookie. */
export function saveSession(session: Session): void {
  if (session.token) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
  clearPosition();
}

/** What each role may do (api.md "Roles"); the API enforces it, the console only hides what would be refused. */
export function capabilities(s: Session) {
  // a person may hold several roles; a token holds one
  const has = (r: Role) => (s.person ? s.person.roles.includes(r) : s.role === r);
  const admin = has('admin');
  const coordinate = admin || has('coordinator');
  const readAll = admin || coordinate || has('auditor');
  return {
    readAll,
    coordinate,
    readRules: readAll,
    writeRules: admin,
    simulate: coordinate,
    audit: admin || has('auditor'),
    writeSettings: admin,
    readSettings: readAll,
    /** the directory of people: admins manage it, coordinators and auditors read it */
    readPeople: readAll,
    writePeople: admin,
    /** progress, blockers, completion, extension requests: the lead agency's officers and coordinators */
    report: (leadAgency: string) => coordinate || (s.role === 'agency' && s.agency === leadAgency),
  };
}
export type Capabilities = ReturnType<typeof capabilities>;
