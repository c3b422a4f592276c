import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { type SqlDatabase, applySchemaPart } from '@app/event-store';
import { READ_MODEL_SCHEMA_LEDGER } from '@app/projections';
import { SQL_DATABASE } from '@app/platform';

/**
 * What sign-in keeps outside the event store, because it must be erasable or changes too often
 * to be history: password hashes, single-use links (invitation, reset; digests only), recent
 * sign-in failures (for lockout), sessions (connect-pg-simple's shape), TOTP secrets, personal
 * access tokens (digests only), and the security events auditors read, apart from task history.
 * Created by the engine's own role, like the read models.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS auth_passwords (
  person_id uuid PRIMARY KEY,
  hash text NOT NULL,
  set_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS auth_links (
  digest text PRIMARY KEY,
  person_id uuid NOT NULL,
  purpose text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX IF NOT EXISTS auth_links_person ON auth_links (person_id);
CREATE TABLE IF NOT EXISTS auth_failures (
  id bigserial PRIMARY KEY,
  account text,
  address text,
  at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS auth_failures_account ON auth_failures (account, at);
CREATE INDEX IF NOT EXISTS auth_failures_address ON auth_failures (address, at);
CREATE TABLE IF NOT EXISTS auth_sessions (
  sid varchar PRIMARY KEY,
  sess json NOT NULL,
  expire timestamp(6) NOT NULL
);
CREATE INDEX IF NOT EXISTS auth_sessions_expire ON auth_sessions (expire);
CREATE TABLE IF NOT EXISTS auth_totp (
  person_id uuid PRIMARY KEY,
  secret text NOT NULL,
  confirmed_at timestamptz,
  last_step bigint
);
CREATE TABLE IF NOT EXISTS auth_personal_tokens (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL,
  name text NOT NULL,
  digest text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX IF NOT EXISTS auth_personal_tokens_person ON auth_personal_tokens (person_id);
CREATE TABLE IF NOT EXISTS security_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  person_id uuid,
  email text,
  address text,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS security_events_at ON security_events (at DESC, id DESC);
`;

@Injectable()
export class AuthTables implements OnModuleInit {
  private ready?: Promise<void>;

  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  onModuleInit(): Promise<void> {
    return this.ensure();
  }

  ensure(): Promise<void> {
    this.ready ??= this.create();
    return this.ready;
  }

  private async create(): Promise<void> {
    await applySchemaPart(this.db, { part: 'auth', ddl: DDL, ledger: READ_MODEL_SCHEMA_LEDGER });
  }
}
