import { Logger } from '@nestjs/common';
import { NoticeIssued, ReportSchedule, dueRun, noticeStreamId, uuidV5 } from '@app/domain';
import { ConcurrencyError, EventStore, SqlDatabase, expect } from '@app/event-store';
import { EDITION_EVENT, ReportEvaluator, StatusRules, compileEdition, editionStreamId } from '@app/projections';

const RUN_NAMESPACE = '0b7f3a52-6c1e-4d9a-8f25-3e9d1c7a4b60';
const SYSTEM_ACTOR = { role: 'system', name: 'Lịch báo cáo định kỳ' };

export interface ReportScheduleRunnerDeps {
  db: SqlDatabase;
  store: EventStore;
  evaluator: ReportEvaluator;
  rules: StatusRules;
  queue: { enqueueDeliveries(noticeIds: string[]): Promise<void> };
  /** resolves once the read models hold every event appended so far (an edition freezes them) */
  readModelsAtHead(): Promise<void>;
  onAppended?(position: number): void;
}

export interface ScheduleRunResult {
  published: number;
  issued: number;
}

/** The run's edition and notice ids: fixed by the schedule and the month, so each run happens once. */
export const scheduledEditionId = (runKey: string): string => uuidV5(`edition/${runKey}`, RUN_NAMESPACE);
export const scheduledNoticeId = (runKey: string): string => uuidV5(`notice/${runKey}`, RUN_NAMESPACE);

/**
 * Scheduled reports: for each enabled schedule whose run is due (libs/domain report-schedules),
 * publishes the edition of the report as of the fire instant and issues one `report` notice that
 * mails its official report (DOCX and PDF) to the schedule's recipients through the notice
 * pipeline: the ledger, the claims and the Message-ID make it one letter however many workers or
 * retries. Both appends expect no stream, so a run that already happened (in this process or
 * another) adds nothing; a crash between them is finished by the next pass.
 */
export class ReportScheduleRunner {
  private readonly logger = new Logger('ReportSchedules');

  constructor(private readonly deps: ReportScheduleRunnerDeps) {}

  async runDue(now: Date): Promise<ScheduleRunResult> {
    const result: ScheduleRunResult = { published: 0, issued: 0 };
    const { rows } = await this.deps.db.query<{ value: { schedules: ReportSchedule[] }; updated_at: Date }>(
      `SELECT value, updated_at FROM rm_settings WHERE key = 'report-schedules'`,
    );
    if (!rows[0]) return result;
    const since = new Date(rows[0].updated_at);
    for (const schedule of rows[0].value.schedules) {
      const run = dueRun(schedule, since, now, this.deps.rules.timeZone);
      if (!run) continue;
      try {
        const edition = await this.publish(schedule, run.key, run.fireAt, now);
        if (edition.published) result.published++;
        if (await this.issue(schedule, run.key, run.fireAt, edition.id, edition.title)) result.issued++;
      } catch (error) {
        this.logger.error(`scheduled report ${schedule.id} (${run.key}) failed: ${(error as Error).message}`);
      }
    }
    return result;
  }

  private async publish(s: ReportSchedule, runKey: string, fireAt: Date, now: Date) {
    const id = scheduledEditionId(runKey);
    const existing = await this.deps.store.readStream(editionStreamId(id));
    if (existing[0]) return { id, title: (existing[0].data as { title: string }).title, published: false };
    await this.deps.readModelsAtHead();
    const scope = { title: s.title, number: null, asOf: fireAt, knownAt: null, source: s.source, agency: s.agency };
    const edition = await compileEdition(this.deps, id, scope, now, SYSTEM_ACTOR.name);
    try {
      const appended = await this.deps.store.append(
        editionStreamId(id),
        [{ type: EDITION_EVENT, data: edition as unknown as Record<string, unknown>, occurredAt: now, metadata: { actor: SYSTEM_ACTOR } }],
        { expectedVersion: expect.noStream() },
      );
      this.deps.onAppended?.(appended.position);
      this.logger.log(`scheduled report ${s.id}: edition ${id} published (${runKey})`);
      return { id, title: edition.title, published: true };
    } catch (error) {
      if (error instanceof ConcurrencyError) return { id, title: edition.title, published: false };
      throw error;
    }
  }

  /** Issues the run's letter and enqueues it; false when it was issued before (requeue covers a lost job). */
  private async issue(s: ReportSchedule, runKey: string, fireAt: Date, editionId: string, title: string): Promise<boolean> {
    const noticeId = scheduledNoticeId(runKey);
    const data: NoticeIssued['data'] = {
      noticeId,
      kind: 'report',
      ruleId: `schedule:${s.id}`,
      level: 0,
      digest: false,
      items: [],
      recipients: s.recipients.map((email) => ({ email, as: 'email' })),
      fireAt: fireAt.toISOString(),
      catchUp: false,
      edition: { id: editionId, title },
    };
    try {
      const appended = await this.deps.store.append(
        noticeStreamId(noticeId),
        [{ type: 'NoticeIssued', data: data as unknown as Record<string, unknown>, occurredAt: fireAt, metadata: { actor: SYSTEM_ACTOR } }],
        { expectedVersion: expect.noStream() },
      );
      this.deps.onAppended?.(appended.position);
    } catch (error) {
      if (error instanceof ConcurrencyError) return false;
      throw error;
    }
    await this.deps.queue.enqueueDeliveries([noticeId]);
    return true;
  }
}
