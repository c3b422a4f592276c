import { type SqlDatabase, grantEngineRole, migrate, migrateGuards, openDatabase, privilegeWarning } from '@app/event-store';
import { type Projection, migrateReadModels } from '@app/projections';
import type { AppConfig } from '../config/app-config';

export interface PrepareReport {
  /** where the event tables were migrated from: the owner role, or the engine's own */
  migratedAs: 'owner' | 'engine';
  /** one line each for the operator: what could not be granted, or what the engine could still rewrite */
  warnings: string[];
}

/**
 * Migrates the database before the engine uses it. With DATABASE_OWNER_URL the event tables are
 * created and kept by that owner role, which then grants the engine's role (the user of
 * DATABASE_URL, created when missing and the owner may) only reading and appending events; the
 * engine then creates its read models as itself. Without it everything runs as one role, as
 * before, and a warning says what that role could rewrite and what to grant instead.
 */
export async function prepareDatabase(db: SqlDatabase, config: AppConfig, readModels: Projection[] = []): Promise<PrepareReport> {
  const warnings: string[] = [];
  const schema = config.DATABASE_SCHEMA;
  let migratedAs: PrepareReport['migratedAs'] = 'engine';
  if (config.DATABASE_URL && config.DATABASE_OWNER_URL) {
    const owner = openDatabase({
      databaseUrl: config.DATABASE_OWNER_URL,
      dataDir: config.DATA_DIR,
      schema: schema === 'public' ? undefined : schema,
      max: 1,
      connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
    });
    try {
      await migrate(owner);
      await migrateGuards(owner);
      warnings.push(...(await grantEngineRole(owner, engineRoleOf(config.DATABASE_URL), schema)));
      migratedAs = 'owner';
    } finally {
      await owner.close();
    }
  } else {
    await migrate(db);
    await migrateGuards(db);
  }
  await migrateReadModels(db, readModels);
  if (config.EVENT_STORE === 'postgres') {
    const warning = await privilegeWarning(db, schema);
    if (warning) warnings.push(warning);
  }
  return { migratedAs, warnings };
}

function engineRoleOf(databaseUrl: string): { name: string; password?: string } {
  const url = new URL(databaseUrl);
  return { name: decodeURIComponent(url.username || 'postgres'), password: url.password ? decodeURIComponent(url.password) : undefined };
}
