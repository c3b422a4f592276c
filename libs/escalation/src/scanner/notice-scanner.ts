import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Clock,
  NoticeCancelled,
  NoticeIssued,
  ReminderRule,
  RiskLevel,
  formatInZone,
  localDay,
  noticeId as noticeKeyOf,
  noticeStreamId,
  unacknowledgedDecision,
} from '@app/domain';
import { ConcurrencyError, EventStore, SqlDatabase, expect } from '@app/event-store';
import { loadCheckpoint, reached, riskLevelsNow } from '@app/projections';
import { loadPlanningCalendar } from '../planning/planning-calendar';
import { loadRecipientDirectory, recipientsFrom } from '../planning/resolve-recipients';
import type { NoticeQueue } from '../queue/notice-queue';
import { loadActiveRules } from './active-rules';
import { DueItem, NoticeDraft, digestDraft, draftNotices, singleDraft } from './draft-notices';
import { loadEarlierLetters } from './earlier-letters';
import { DueCursor, DueRow, readDuePage, staleReason } from './due-items';

export interface NoticeScannerDeps {
  db: SqlDatabase;
  store: EventStore;
  queue: Pick<NoticeQueue, 'enqueueDeliveries'>;
  /** record time of the events it appends */
  clock: Clock;
  /** told after each append (the in-process projector wakes up) */
  onAppended?(position: number): void;
}

export interface NoticeScannerOptions {
  /** DEADLINE_TIMEZONE: the offset of the due instants written into notices */
  timeZone: string;
  /** rows read per query (default 500) */
  pageSize?: number;
  /** how long a pass waits for the read models to show notices issued earlier (default 10 s) */
  projectionWaitMs?: number;
  /** notices appended at once (default 8): concurrent commits share the server's WAL flushes */
  issueConcurrency?: number;
}

export interface ScanResult {
  /** due rows read */
  due: number;
  /** notices appended by this pass as letters to send */
  issued: number;
  /** notices appended by this pass as merged into a letter (recorded, not sent) */
  merged: number;
  /** notices another pass or scanner had issued already (re-enqueued only) */
  alreadyIssued: number;
  /** due rows left alone: stale task, rule gone */
  skipped: number;
  /** rows of `unacknowledgedAfter` rules left due: no lower-level letter overdue for acknowledgement yet */
  awaitingAcknowledgement: number;
  /** notices of `unacknowledgedAfter` rules recorded as not needed (cancelled): the lower-level letters were acknowledged */
  acknowledged: number;
  enqueued: number;
  /** enqueues that failed (Redis away): the re-enqueue sweep adds them later */
  enqueueFailed: number;
  /** true when the read models lagged behind issued notices and the pass did nothing */
  deferred: boolean;
}

const SCANNER_ACTOR = { role: 'system', name: 'deadline-scanner' };
/** notices issued, then enqueued together */
const ENQUEUE_GROUP = 100;

/**
 * One scanner pass: reads what is due from rm_pending_notices, issues each notice once as a
 * NoticeIssued event on `notice-<id>` (the "no stream" expectation refuses a second issue,
 * however many scanners race), then enqueues it with the notice id as job id. Ticks only issue
 * and enqueue; delivery is the mail processor's.
 *
 * Before reading, a pass waits until the read models show every NoticeIssued already in the
 * store: the planner consumes an issued notice's rows when it projects it, so a pass never sees
 * rows a previous pass (or a previous scanner, before a takeover) already turned into a notice.
 */
export class NoticeScanner {
  private readonly logger = new Logger(NoticeScanner.name);
  private chain: Promise<unknown> = Promise.resolve();
  /** position of this scanner's latest NoticeIssued: the next pass waits until it is projected */
  private lastIssued: number | null = null;

  constructor(
    private readonly deps: NoticeScannerDeps,
    private readonly options: NoticeScannerOptions,
  ) {}

  /** One full pass at business time `now`. Calls are serialized; safe to call concurrently. */
  scanOnce(now: Date): Promise<ScanResult> {
    const run = this.chain.then(() => this.pass(now));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async pass(now: Date): Promise<ScanResult> {
    const result: ScanResult = {
      due: 0,
      issued: 0,
      merged: 0,
      alreadyIssued: 0,
      skipped: 0,
      awaitingAcknowledgement: 0,
      acknowledged: 0,
      enqueued: 0,
      enqueueFailed: 0,
      deferred: false,
    };
    if (!(await this.issuedNoticesProjected())) {
      this.logger.warn('read models lag behind issued notices: scan deferred');
      return { ...result, deferred: true };
    }
    const pageSize = this.options.pageSize ?? 500;
    const correlationId = randomUUID();
    let cursor: DueCursor | null = null;
    // Every due row of the pass is drafted together: a recipient's notices about one task merge
    // into one letter, and a recipient gets one digest, however many pages the rows span.
    const due: DueRow[] = [];
    for (;;) {
      const page = await readDuePage(this.deps.db, now, cursor, pageSize);
      result.due += page.length;
      due.push(...page);
      const last = page[page.length - 1];
      if (last) cursor = { fireAt: last.fire_at, noticeKey: last.notice_key };
      if (page.length < pageSize) break;
    }
    if (due.length > 0) await this.issueChunk(due, now, correlationId, result);
    if (result.issued || result.merged || result.skipped || result.acknowledged || result.enqueueFailed) {
      this.logger.log(
        `scan at ${now.toISOString()}: ${result.due} due, ${result.issued} issued, ${result.merged} merged, ${result.alreadyIssued} already issued, ` +
          `${result.skipped} skipped, ${result.acknowledged} not needed (acknowledged), ${result.awaitingAcknowledgement} awaiting acknowledgement, ` +
          `${result.enqueueFailed} not enqueued`,
      );
    }
    return result;
  }

  private async issueChunk(rows: DueRow[], now: Date, correlationId: string, result: ScanResult): Promise<void> {
    const live = rows.filter((row) => staleReason(row) === null);
    const rules = await loadActiveRules(this.deps.db, [...new Set(live.map((r) => r.rule_id))]);
    // Recipients as of this moment (a head changed yesterday gets today's escalation), read once
    // for the whole chunk with the planner's resolution.
    const directory = await loadRecipientDirectory(this.deps.db, {
      agencies: [...new Set(live.map((r) => r.lead_agency!))],
      coordinators: true,
      today: localDay(now, this.options.timeZone),
    });
    const levels = await this.riskLevelsWanted(live, rules, now);
    const items: DueItem[] = [];
    for (const row of live) {
      const rule = rules.get(row.rule_id);
      if (!rule) continue;
      // a rule scoped to risk levels waits while the task is at another level (docs/risk.md)
      if (rule.scope.risks?.length && !rule.scope.risks.includes(levels.get(row.task_id) as RiskLevel)) continue;
      const assignee = row.assignee_name || row.assignee_email ? { name: row.assignee_name, email: row.assignee_email } : null;
      items.push({
        noticeKey: row.notice_key,
        taskId: row.task_id,
        taskCode: row.task_code,
        ruleId: row.rule_id,
        occurrence: row.occurrence,
        deadlineVersion: row.deadline_version,
        due: formatInZone(row.due, this.options.timeZone),
        fireAt: row.fire_at,
        level: row.level,
        digest: row.digest,
        catchUp: row.catch_up,
        recipients: recipientsFrom(directory, rule, { leadAgency: row.lead_agency!, assignee }),
      });
    }
    result.skipped += rows.length - items.length;
    const gated = await this.gateUnacknowledged(items, rules, now, correlationId, result);
    const drafts = draftNotices(gated);
    // Merged notices first (recorded, never delivered), then the letters that carry them.
    const merged = drafts.filter((d) => d.mergedInto !== undefined);
    await eachConcurrently(merged, this.options.issueConcurrency ?? 8, async (draft) => {
      if (await this.append(draft, now, correlationId)) result.merged++;
      else result.alreadyIssued++;
    });
    const letters = drafts.filter((d) => d.mergedInto === undefined);
    // groups of ENQUEUE_GROUP: one Redis round trip each, and the first mails of a large pass
    // start before its last notices are issued
    for (let start = 0; start < letters.length; start += ENQUEUE_GROUP) {
      const ids: string[] = [];
      // each draft has its own stream, so their appends are independent of one another
      await eachConcurrently(letters.slice(start, start + ENQUEUE_GROUP), this.options.issueConcurrency ?? 8, async (draft) => {
        ids.push(await this.issue(draft, items, now, correlationId, result));
      });
      await this.enqueue(ids, result);
    }
  }

  /** The risk level now of the tasks whose due rows belong to rules scoped to risk levels (none asked: no query). */
  private async riskLevelsWanted(rows: DueRow[], rules: Map<string, ReminderRule>, now: Date): Promise<Map<string, RiskLevel>> {
    const ids = rows.filter((r) => rules.get(r.rule_id)?.scope.risks?.length).map((r) => r.task_id);
    return riskLevelsNow(this.deps.db, [...new Set(ids)], now, this.options.timeZone);
  }

  /**
   * Items of `unacknowledgedAfter` rules (api.md "Notifications"): fired only when a letter of a
   * lower level about the task went unacknowledged for the wait (their fire time becomes the
   * moment it did); recorded as issued and cancelled when every such letter was acknowledged
   * (so the planner moves on to the next occurrence); left due, to be decided on a later pass,
   * otherwise. Items of other rules pass through.
   */
  private async gateUnacknowledged(
    items: DueItem[],
    rules: Map<string, ReminderRule>,
    now: Date,
    correlationId: string,
    result: ScanResult,
  ): Promise<DueItem[]> {
    const gatedRule = (item: DueItem) => {
      const rule = rules.get(item.ruleId);
      return rule?.unacknowledgedAfter ? rule : undefined;
    };
    const gated = items.filter((i) => gatedRule(i) !== undefined);
    if (gated.length === 0) return items;
    const [letters, calendar] = await Promise.all([
      loadEarlierLetters(
        this.deps.db,
        this.deps.store,
        [...new Set(gated.map((i) => i.taskId))],
        Math.max(...gated.map((i) => gatedRule(i)!.level)),
      ),
      loadPlanningCalendar(this.deps.db),
    ]);
    const out: DueItem[] = [];
    for (const item of items) {
      const rule = gatedRule(item);
      if (!rule) {
        out.push(item);
        continue;
      }
      const decision = unacknowledgedDecision(rule, letters.get(item.taskId) ?? [], now, calendar, this.options.timeZone);
      if (decision.kind === 'fire') {
        out.push({ ...item, fireAt: new Date(Math.max(item.fireAt.getTime(), decision.at.getTime())) });
      } else if (decision.kind === 'wait') {
        result.awaitingAcknowledgement++;
      } else if (await this.recordNotNeeded(item, now, correlationId)) {
        result.acknowledged++;
      } else {
        result.alreadyIssued++;
      }
    }
    return out;
  }

  /** NoticeIssued and NoticeCancelled at once: the ledger shows the escalation was not needed, and why. */
  private async recordNotNeeded(item: DueItem, now: Date, correlationId: string): Promise<boolean> {
    const draft = singleDraft(item, item.recipients);
    const issued: NoticeIssued = { type: 'NoticeIssued', data: draft };
    const cancelled: NoticeCancelled = {
      type: 'NoticeCancelled',
      data: { noticeId: draft.noticeId, reason: 'not needed: the letters of a lower level were acknowledged' },
    };
    const metadata = { actor: SCANNER_ACTOR, correlationId };
    try {
      const appended = await this.deps.store.append(
        noticeStreamId(draft.noticeId),
        [
          { type: issued.type, data: { ...issued.data }, metadata, occurredAt: now },
          { type: cancelled.type, data: { ...cancelled.data }, metadata, occurredAt: now },
        ],
        { expectedVersion: expect.noStream(), recordedAt: this.deps.clock.now() },
      );
      this.lastIssued = Math.max(this.lastIssued ?? 0, appended.position);
      this.deps.onAppended?.(appended.position);
      return true;
    } catch (error) {
      if (error instanceof ConcurrencyError) return false;
      throw error;
    }
  }

  /** Appends NoticeIssued; returns the id to enqueue (this draft's or the one issued before it). */
  private async issue(draft: NoticeDraft, items: DueItem[], now: Date, correlationId: string, result: ScanResult): Promise<string> {
    if (await this.append(draft, now, correlationId)) {
      result.issued++;
      return draft.noticeId;
    }
    if (!draft.digest) {
      result.alreadyIssued++;
      return draft.noticeId;
    }
    // A digest of the same recipient, rule and fire time exists. Normally it is this very one
    // (a repeated pass); if it lacks some of these items, they go out in a digest of their own,
    // identified by this pass's time.
    const existing = await this.issuedItems(draft.noticeId);
    const leftover = draft.items.filter((i) => !existing.has(keyOf(i)));
    if (leftover.length === 0) {
      result.alreadyIssued++;
      return draft.noticeId;
    }
    const byKey = new Map(items.map((i) => [i.noticeKey, i]));
    const rest = digestDraft(
      draft.recipients[0],
      leftover.map((i) => byKey.get(keyOf(i))!),
      now,
    );
    if (await this.append(rest, now, correlationId)) {
      result.issued++;
      await this.enqueue([draft.noticeId], result);
      return rest.noticeId;
    }
    this.logger.warn(`digest ${rest.noticeId} clashed twice; its ${leftover.length} item(s) wait for the next pass`);
    result.skipped += leftover.length;
    return draft.noticeId;
  }

  private async append(draft: NoticeDraft, now: Date, correlationId: string): Promise<boolean> {
    const event: NoticeIssued = { type: 'NoticeIssued', data: draft };
    try {
      const appended = await this.deps.store.append(
        noticeStreamId(draft.noticeId),
        [{ type: event.type, data: { ...event.data }, metadata: { actor: SCANNER_ACTOR, correlationId }, occurredAt: now }],
        { expectedVersion: expect.noStream(), recordedAt: this.deps.clock.now() },
      );
      this.lastIssued = Math.max(this.lastIssued ?? 0, appended.position);
      this.deps.onAppended?.(appended.position);
      return true;
    } catch (error) {
      if (error instanceof ConcurrencyError) return false;
      throw error;
    }
  }

  private async issuedItems(id: string): Promise<Set<string>> {
    const [first] = await this.deps.store.readStream(noticeStreamId(id));
    const data = first?.data as NoticeIssued['data'] | undefined;
    return new Set((data?.items ?? []).map(keyOf));
  }

  /** One round trip to Redis for a chunk's notices. */
  private async enqueue(ids: string[], result: ScanResult): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.deps.queue.enqueueDeliveries(ids);
      result.enqueued += ids.length;
    } catch (error) {
      result.enqueueFailed += ids.length;
      this.logger.warn(`${ids.length} notice(s) issued but not enqueued (${(error as Error).message}); the re-enqueue sweep will add them`);
    }
  }

  /**
   * True once the read models show the notices issued before: this scanner's own latest one
   * (exact, even while an older transaction elsewhere keeps it out of the feed) and any other
   * scanner's that the feed already shows (a takeover).
   */
  private async issuedNoticesProjected(): Promise<boolean> {
    const deadline = Date.now() + (this.options.projectionWaitMs ?? 10_000);
    for (let pause = 10; ; pause = Math.min(pause * 2, 250)) {
      const checkpoint = (await loadCheckpoint(this.deps.db)).cursor;
      const own = this.lastIssued === null ? null : await this.deps.store.cursorOf(this.lastIssued);
      const ownApplied = this.lastIssued === null || (own !== null && reached(checkpoint, own));
      if (ownApplied) {
        const ahead = await this.deps.store.readFeed({ after: checkpoint, limit: 1, types: ['NoticeIssued'] });
        if (ahead.events.length === 0) return true;
      }
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Runs `work` over `items` with at most `limit` of them in flight; the first failure is thrown once all have settled. */
async function eachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  const settled = await Promise.allSettled(lanes);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}

const keyOf = (item: { taskId: string; ruleId: string; deadlineVersion: number; occurrence: number }): string =>
  noticeKeyOf({ taskId: item.taskId, ruleId: item.ruleId, deadlineVersion: item.deadlineVersion, occurrence: item.occurrence });
