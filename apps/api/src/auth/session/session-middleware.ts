import type { INestApplication } from '@nestjs/common';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SqlDatabase } from '@app/event-store';
import { AppConfig, SQL_DATABASE } from '@app/platform';
import { AuthTables } from '../auth-tables';
import { SESSION_COOKIE } from './session-data';

/**
 * Sessions for people signed in from a browser: an HttpOnly, SameSite=Lax cookie holding only
 * a signed id (Secure when the request came over https, `TRUST_PROXY` telling behind a proxy),
 * the session itself server-side in PostgreSQL (express-session + connect-pg-simple, table
 * auth_sessions, on the engine's own database connection so PGlite works too). Idle and
 * absolute time-outs are checked by SignInService against the injected clock; the cookie and
 * the row expire with the absolute time-out as well, so nothing lingers.
 */
export function installSessions(app: INestApplication, config: AppConfig): void {
  const db = app.get<SqlDatabase>(SQL_DATABASE);
  const tables = app.get(AuthTables);
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    pool: {
      // connect-pg-simple asks for a pool; the engine's database answers the same query() call
      query: async (text: string, params?: unknown[]) => {
        await tables.ensure();
        return db.query(text, params);
      },
    } as never,
    tableName: 'auth_sessions',
    pruneSessionInterval: 15 * 60,
    errorLog: () => undefined,
  });
  const absoluteMs = config.SESSION_ABSOLUTE_HOURS * 3_600_000;
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: sessionSecret(config),
      store,
      resave: false,
      saveUninitialized: false,
      rolling: false,
      proxy: config.TRUST_PROXY !== false ? true : undefined,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/', maxAge: absoluteMs },
    }),
  );
  // Stop the store's pruning timer with the app.
  const close = app.close.bind(app);
  app.close = async () => {
    store.close();
    return close();
  };
}

/** SESSION_SECRET, else one generated once into DATA_DIR/session-secret (mode 600); never logged. */
export function sessionSecret(config: AppConfig): string {
  if (config.SESSION_SECRET) return config.SESSION_SECRET;
  const file = path.resolve(config.DATA_DIR, 'session-secret');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}
