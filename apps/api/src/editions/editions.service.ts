import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  CLOCK,
  Clock,
  DomainError,
  FieldChecks,
  agencyCode,
  formatInZone,
  localDay,
  optionalText,
  parseInstant,
  requiredText,
  uuidV5,
} from '@app/domain';
import { EVENT_STORE, type EventStore, type SqlDatabase, type StoredEvent } from '@app/event-store';
import { APP_CONFIG, AppConfig, ReadModelWaiter, SQL_DATABASE } from '@app/platform';
import {
  EDITION_EVENT,
  EditionScope,
  ReportEdition,
  StatusRules,
  compileEdition,
  editionStreamId,
  evaluationAt,
  foldTaskAsOf,
  listEditions,
  renderEditionFile,
  taskFact,
} from '@app/projections';
import type { Actor } from '../auth/actor';
import { ApiError } from '../http/api-error';
import type { CommandRequest } from '../http/command-request';
import { CommandService } from '../http/command.service';
import { ReportService } from '../reports/report.service';

const editionStream = editionStreamId;
const EDITION_ID_NAMESPACE = '4e1b7d2a-9c3f-4a85-b6e0-71d2c8f5a913';
const fold = {
  initial: () => ({ exists: false, version: 0 }),
  evolve: (s: { exists: boolean; version: number }) => ({ exists: true, version: s.version + 1 }),
};

type Scope = EditionScope;

/**
 * Report editions (api.md "Documents"): a coordinator publishes the figures of a date as one
 * event holding its parameters, its figures, its lists and the head of the hash chains at that
 * moment, so it reads back identically forever; the restatement says which tasks moved since
 * and which events moved them; the official report of an edition as DOCX and PDF.
 */
@Injectable()
export class EditionsService {
  constructor(
    private readonly commands: CommandService,
    private readonly reports: ReportService,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly waiter: ReadModelWaiter,
  ) {}

  private get rules(): StatusRules {
    return { dueSoonDays: this.config.DUE_SOON_DAYS, timeZone: this.config.DEADLINE_TIMEZONE };
  }

  async publish(request: CommandRequest): Promise<ReportEdition & { version: number; position: number }> {
    this.commands.checkIdempotencyKey(request);
    const scope = this.parse(request.body);
    if (scope.agency && (await this.db.query(`SELECT 1 FROM rm_agencies WHERE code = $1`, [scope.agency])).rows.length === 0) {
      throw DomainError.invalid('agency', 'is not a registered agency code');
    }
    const id = request.idempotencyKey ? uuidV5(`${request.actor.id}/${request.idempotencyKey}`, EDITION_ID_NAMESPACE) : randomUUID();
    const existing = await this.store.readStream(editionStream(id));
    const edition = existing.length ? (existing[0].data as unknown as ReportEdition) : await this.compute(id, scope, request.actor);
    const { occurredAt: _o, ...body } = request.body;
    const outcome = await this.commands.run(
      editionStream(id),
      fold,
      { ...request, body },
      {
        parse: () => edition,
        decide: (e, state) => (state.exists ? [] : [{ type: EDITION_EVENT, data: e as unknown as Record<string, unknown> }]),
      },
    );
    return { ...edition, version: outcome.version, position: outcome.position };
  }

  async list(): Promise<Pick<ReportEdition, 'id' | 'title' | 'number' | 'asOf' | 'publishedAt' | 'source' | 'agency'>[]> {
    return (await listEditions(this.store)).map(({ id, title, number, asOf, publishedAt, source, agency }) => ({
      id,
      title,
      number,
      asOf,
      publishedAt,
      source,
      agency,
    }));
  }

  async get(id: string): Promise<ReportEdition> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw ApiError.notFound('edition');
    const events = await this.store.readStream(editionStream(id.toLowerCase()));
    if (!events[0]) throw ApiError.notFound('edition');
    return events[0].data as unknown as ReportEdition;
  }

  /**
   * Every task whose category as of the edition's date is different now, with the events
   * recorded after the edition (that occurred by its date) which moved it, and the figures now.
   */
  async restatement(id: string) {
    const e = await this.get(id);
    await this.waiter.waitFor(await this.store.headPosition());
    const asOf = new Date(e.asOf);
    const knownAt = new Date(e.knownAt);
    // What the edition saw: the feed up to its chain head (and, when a record time was given,
    // only what had been recorded by then). The position is the exact boundary, even for an
    // event recorded in the same millisecond as the publication.
    const knownAtGiven = e.knownAt !== e.publishedAt;
    const seen = (ev: StoredEvent) =>
      ev.position <= e.chainHead.position && (!knownAtGiven || ev.recordedAt.getTime() <= knownAt.getTime());
    const { rows } = await this.db.query<{ task_id: string }>(
      `SELECT DISTINCT task_id::text AS task_id FROM rm_task_history
        WHERE (position > $1 OR ($2::timestamptz IS NOT NULL AND recorded_at > $2)) AND occurred_at <= $3 ORDER BY 1`,
      [e.chainHead.position, knownAtGiven ? knownAt : null, asOf],
    );
    const changes = [];
    for (const { task_id } of rows) {
      const events = await this.store.readStream(`task-${task_id}`);
      const then = foldTaskAsOf(events.filter(seen), { asOf });
      const now = foldTaskAsOf(events, { asOf });
      if (!now.exists) continue;
      if (e.source && now.source?.ref !== e.source) continue;
      const before = then.exists ? taskFact(then, asOf, this.rules) : null;
      const after = taskFact(now, asOf, this.rules);
      if (e.agency && after.leadAgency !== e.agency && before?.leadAgency !== e.agency) continue;
      if (before?.status === after.status) continue;
      changes.push({
        taskId: task_id,
        code: after.code,
        then: before?.status ?? 'not_assigned',
        now: after.status,
        because: events
          .filter((ev) => !seen(ev) && ev.occurredAt.getTime() <= asOf.getTime())
          .map((ev) => ({
            type: ev.type,
            position: ev.position,
            occurredAt: this.fmt(ev.occurredAt),
            recordedAt: this.fmt(ev.recordedAt),
          })),
      });
    }
    const figuresNow = this.reports.summaryView(
      await this.reports.evaluator.summary(evaluationAt(this.clock.now(), asOf, null), {
        source: e.source ?? undefined,
        agency: e.agency ?? undefined,
      }),
    );
    return { editionId: e.id, asOf: e.asOf, figuresThen: e.figures, figuresNow, changes };
  }

  async document(id: string, format: 'pdf' | 'docx'): Promise<{ file: Buffer; name: string }> {
    return renderEditionFile(await this.get(id), format, {
      office: this.config.MAIL_OFFICE_NAME,
      signer: this.config.MAIL_OFFICE_SIGNER,
      timeZone: this.config.DEADLINE_TIMEZONE,
    });
  }

  private parse(body: Record<string, unknown>): Scope {
    const tz = this.config.DEADLINE_TIMEZONE;
    const now = this.clock.now();
    const checks = new FieldChecks();
    const title = checks.run(() => requiredText(body.title, 'title', { max: 300 }));
    const number = checks.run(() => optionalText(body.number, 'number', { max: 60 }));
    const time = (field: 'asOf' | 'knownAt', required: boolean): Date | null => {
      const value = body[field];
      if (value === undefined || value === null || value === '') {
        if (required) throw DomainError.invalid(field, 'is required');
        return null;
      }
      if (typeof value !== 'string') throw DomainError.invalid(field, 'must be an ISO-8601 time with offset or a YYYY-MM-DD date');
      // "as of today" is the figures of this moment
      if (value === localDay(now, tz)) return now;
      const at = parseInstant(value, field, tz);
      if (at.getTime() > now.getTime()) throw DomainError.invalid(field, 'must not be in the future');
      return at;
    };
    const asOf = checks.run(() => time('asOf', true));
    const knownAt = checks.run(() => time('knownAt', false));
    const source = checks.run(() => optionalText(body.source, 'source', { max: 100 }));
    const agency = checks.run(() =>
      body.agency === undefined || body.agency === null || body.agency === '' ? null : agencyCode(body.agency, 'agency'),
    );
    checks.throwIfAny();
    return { title, number, asOf: asOf as Date, knownAt, source, agency };
  }

  private async compute(id: string, s: Scope, actor: Actor): Promise<ReportEdition> {
    // an official freeze holds everything recorded before it: the read models first catch up
    await this.waiter.waitFor(await this.store.headPosition());
    const sources = { db: this.db, store: this.store, evaluator: this.reports.evaluator, rules: this.rules };
    return compileEdition(sources, id, s, this.clock.now(), actor.name);
  }

  private fmt(date: Date): string {
    return formatInZone(date, this.config.DEADLINE_TIMEZONE);
  }
}
