import type { SqlDatabase, StoredEvent } from '@app/event-store';
import type { PersonEvent } from '@app/domain';
import type { Projection } from '../projector/projection';

export const PEOPLE_TABLE = 'rm_people';

/**
 * rm_people: the directory as it stands (who signs in with which email, their roles and agency).
 * The person's stream is the truth; passwords, invitations and sessions are not events and live
 * in the auth tables of the API.
 */
export class PeopleProjection implements Projection {
  readonly name = 'people';
  readonly tables = [PEOPLE_TABLE];

  readonly ddl = `
      CREATE TABLE IF NOT EXISTS ${PEOPLE_TABLE} (
        person_id uuid PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        title text,
        phone text,
        agency text,
        roles text[] NOT NULL,
        focal_point boolean NOT NULL DEFAULT false,
        language text NOT NULL,
        status text NOT NULL,
        activated boolean NOT NULL DEFAULT false,
        invited_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version int NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${PEOPLE_TABLE}_email ON ${PEOPLE_TABLE} (email);
      CREATE INDEX IF NOT EXISTS ${PEOPLE_TABLE}_agency ON ${PEOPLE_TABLE} (agency);
      ALTER TABLE ${PEOPLE_TABLE} ADD COLUMN IF NOT EXISTS absent_from text;
      ALTER TABLE ${PEOPLE_TABLE} ADD COLUMN IF NOT EXISTS absent_to text;
      ALTER TABLE ${PEOPLE_TABLE} ADD COLUMN IF NOT EXISTS substitute_name text;
      ALTER TABLE ${PEOPLE_TABLE} ADD COLUMN IF NOT EXISTS substitute_email text;
  `;

  async apply(tx: SqlDatabase, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      if (!stored.streamId.startsWith('person-')) continue;
      const event = stored as unknown as PersonEvent & StoredEvent;
      const id = stored.streamId.slice('person-'.length);
      const at = stored.occurredAt;
      switch (event.type) {
        case 'PersonInvited': {
          const d = event.data;
          await tx.query(
            `INSERT INTO ${PEOPLE_TABLE} (person_id, email, name, title, phone, agency, roles, focal_point, language, status, invited_at, updated_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'invited', $10, $10, $11)
             ON CONFLICT (person_id) DO NOTHING`,
            [id, d.email, d.name, d.title, d.phone, d.agency, d.roles, d.focalPoint, d.language, at, stored.version],
          );
          break;
        }
        case 'PersonUpdated': {
          const c = event.data.changes;
          const columns: [string, unknown][] = [];
          if (c.email !== undefined) columns.push(['email', c.email]);
          if (c.name !== undefined) columns.push(['name', c.name]);
          if (c.title !== undefined) columns.push(['title', c.title]);
          if (c.phone !== undefined) columns.push(['phone', c.phone]);
          if (c.agency !== undefined) columns.push(['agency', c.agency]);
          if (c.roles !== undefined) columns.push(['roles', c.roles]);
          if (c.focalPoint !== undefined) columns.push(['focal_point', c.focalPoint]);
          if (c.language !== undefined) columns.push(['language', c.language]);
          const sets = columns.map(([column], i) => `${column} = $${i + 4}`);
          await tx.query(`UPDATE ${PEOPLE_TABLE} SET ${[...sets, 'updated_at = $2', 'version = $3'].join(', ')} WHERE person_id = $1`, [
            id,
            at,
            stored.version,
            ...columns.map(([, value]) => value),
          ]);
          break;
        }
        case 'PersonActivated':
          await tx.query(
            `UPDATE ${PEOPLE_TABLE} SET activated = true, status = CASE WHEN status = 'disabled' THEN status ELSE 'active' END,
                    updated_at = $2, version = $3 WHERE person_id = $1`,
            [id, at, stored.version],
          );
          break;
        case 'PersonDisabled':
          await tx.query(`UPDATE ${PEOPLE_TABLE} SET status = 'disabled', updated_at = $2, version = $3 WHERE person_id = $1`, [
            id,
            at,
            stored.version,
          ]);
          break;
        case 'PersonEnabled':
          await tx.query(
            `UPDATE ${PEOPLE_TABLE} SET status = CASE WHEN activated THEN 'active' ELSE 'invited' END, updated_at = $2, version = $3 WHERE person_id = $1`,
            [id, at, stored.version],
          );
          break;
        case 'PersonAbsenceSet': {
          const a = event.data.absence;
          await tx.query(
            `UPDATE ${PEOPLE_TABLE} SET absent_from = $4, absent_to = $5, substitute_name = $6, substitute_email = $7, updated_at = $2, version = $3
              WHERE person_id = $1`,
            [id, at, stored.version, a?.from ?? null, a?.to ?? null, a?.substitute.name ?? null, a?.substitute.email ?? null],
          );
          break;
        }
      }
    }
  }
}
