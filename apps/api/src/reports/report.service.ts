import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, formatInZone, localDay } from '@app/domain';
import { EVENT_STORE, type EventStore, type SqlDatabase } from '@app/event-store';
import { APP_CONFIG, AppConfig, ReadModelWaiter, SQL_DATABASE } from '@app/platform';
import {
  AgencyName,
  BlockerFact,
  MonthlyPlanRow,
  PastScope,
  RankingRow,
  RegisteredAgency,
  ReportCache,
  ReportFilter,
  ReportTimes,
  StatusCell,
  StatusRules,
  Summary,
  buildMonthlyPlan,
  buildRanking,
  buildSummary,
  currentBlockers,
  currentFiguresValidUntil,
  currentMonthCells,
  currentStatusCells,
  dashboardHtml,
  monthlyPlanChartSvg,
  pastBlockers,
  pastMonthCells,
  pastStatusCells,
  rankingChartSvg,
  readModelStamp,
  registeredAgencies,
  selectBlockers,
} from '@app/projections';
import { Actor, canReadAll } from '../auth/actor';
import { ApiError } from '../http/api-error';
import { BlockersQuery, MonthlyPlanQuery, ReportWhen, SummaryQuery } from './report-query';

const END_OF_TIME = new Date(8.64e15);

export interface MonthlyPlan {
  times: ReportTimes;
  year: number;
  agency?: string;
  agencyName?: string;
  rows: MonthlyPlanRow[];
}

/** When the report is evaluated, and whether the past must be replayed for it. */
interface Evaluation extends ReportTimes {
  /** asOf or knownAt given (or a window's `to`): fold the events as they were */
  replay: boolean;
  /** the record-time bound given, if any (absent: every event recorded so far) */
  knownAtGiven?: Date;
}

/**
 * The reports (api.md "Reports").
 * - Now (no asOf, knownAt or to): one aggregate statement over rm_tasks with the status
 *   computed in SQL (statusSql), kept in a ReportCache while neither the read models nor the
 *   passing time can have changed it, so a repeated request costs one checkpoint read.
 * - A past business time (asOf) or record time (knownAt): the tasks changed since (an event
 *   that occurred after asOf or was recorded after knownAt) are folded again from the events
 *   that qualify with the domain's evolveTask and evaluated with the clock at asOf, so a later
 *   extension, reassignment or completion, or a completion recorded late, does not leak in;
 *   the tasks unchanged since are counted from rm_tasks with the clock at asOf (report-past.ts).
 * Both build the figures with the same pure code (libs/projections/src/reports/report-core.ts).
 *
 * Agency officers see their own agency's tasks only (the tasks it leads at the evaluation
 * instant); in the ranking they get their own row, ranked among all agencies.
 */
@Injectable()
export class ReportService {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly waiter: ReadModelWaiter,
  ) {}

  private readonly cache = new ReportCache();

  get timeZone(): string {
    return this.config.DEADLINE_TIMEZONE;
  }

  async summary(q: SummaryQuery, actor: Actor) {
    await this.waiter.waitFor(q.minPosition);
    const agency = this.scopeAgency(actor, q.agency);
    // A window is evaluated as of its end.
    const when = this.evaluation({ ...q, asOf: q.to ?? q.asOf });
    const filter: ReportFilter = { agency, source: q.source, assignedFrom: q.from, assignedTo: q.to };
    const summary = await this.summaryAt(when, filter);
    return {
      ...this.summaryView(summary),
      filters: { agency: agency ?? null, source: q.source ?? null, from: this.fmt(q.from), to: this.fmt(q.to) },
    };
  }

  async ranking(q: ReportWhen, actor: Actor): Promise<{ times: ReportTimes; rows: RankingRow[] }> {
    await this.waiter.waitFor(q.minPosition);
    return this.rankingAt(this.evaluation(q), actor);
  }

  async monthlyPlan(q: MonthlyPlanQuery, actor: Actor): Promise<MonthlyPlan> {
    await this.waiter.waitFor(q.minPosition);
    return this.monthlyPlanAt(this.evaluation(q), q.year, this.scopeAgency(actor, q.agency));
  }

  async blockers(q: BlockersQuery, actor: Actor): Promise<{ times: ReportTimes; rows: BlockerFact[] }> {
    await this.waiter.waitFor(q.minPosition);
    const agency = this.scopeAgency(actor, q.agency);
    const when = this.evaluation(q);
    const found = when.replay
      ? await pastBlockers(this.db, this.store, this.past(when), agency, this.rules)
      : await currentBlockers(this.db, { openOnly: q.status === 'open', agency }, when.asOf, this.rules);
    return { times: when, rows: selectBlockers(found, q.status, agency) };
  }

  async rankingChart(q: ReportWhen, actor: Actor): Promise<string> {
    const { times, rows } = await this.ranking(q, actor);
    return rankingChartSvg(rows, times, this.timeZone);
  }

  async monthlyPlanChart(q: MonthlyPlanQuery, actor: Actor): Promise<string> {
    const plan = await this.monthlyPlan(q, actor);
    return monthlyPlanChartSvg(plan.rows, plan.year, plan.times, this.timeZone, plan.agencyName);
  }

  /** The headline figures and both charts, all evaluated at the same instant. */
  async dashboard(q: MonthlyPlanQuery, actor: Actor): Promise<string> {
    await this.waiter.waitFor(q.minPosition);
    const agency = this.scopeAgency(actor, q.agency);
    const when = this.evaluation(q);
    const [summary, ranking, plan] = await Promise.all([
      this.summaryAt(when, { agency }),
      this.rankingAt(when, actor),
      this.monthlyPlanAt(when, q.year, agency),
    ]);
    return dashboardHtml({
      summary,
      times: when,
      timeZone: this.timeZone,
      rankingSvg: rankingChartSvg(ranking.rows, when, this.timeZone),
      monthlySvg: monthlyPlanChartSvg(plan.rows, plan.year, when, this.timeZone, plan.agencyName),
    });
  }

  // ---- views: every instant ISO-8601 with the deadline zone's offset

  summaryView(s: Summary) {
    return { ...s, asOf: this.fmt(s.asOf), knownAt: this.fmt(s.knownAt) };
  }

  blockerView(b: BlockerFact) {
    return {
      taskId: b.taskId,
      taskCode: b.taskCode,
      leadAgency: b.leadAgency,
      taskStatus: b.taskStatus,
      blockerId: b.blockerId,
      description: b.description,
      raisedAt: this.fmt(b.raisedAt),
      resolvedAt: this.fmt(b.resolvedAt),
    };
  }

  fmt(date: Date | null | undefined): string | null {
    return date ? formatInZone(date, this.timeZone) : null;
  }

  // ---- internals

  private get rules(): StatusRules {
    return { dueSoonDays: this.config.DUE_SOON_DAYS, timeZone: this.config.DEADLINE_TIMEZONE };
  }

  private evaluation(q: ReportWhen): Evaluation {
    const now = this.clock.now();
    return {
      asOf: q.asOf ?? now,
      knownAt: q.knownAt ?? now,
      knownAtGiven: q.knownAt,
      replay: q.asOf !== undefined || q.knownAt !== undefined,
    };
  }

  private async summaryAt(when: Evaluation, filter: ReportFilter): Promise<Summary> {
    const { cells, agencies } = await this.statusCells(when, filter);
    return buildSummary(cells, agencies, when);
  }

  private async rankingAt(when: Evaluation, actor: Actor): Promise<{ times: ReportTimes; rows: RankingRow[] }> {
    const { cells, agencies } = await this.statusCells(when, {});
    const rows = buildRanking(cells, registeredBy(agencies, when.asOf));
    // Agency officers get their own row, ranked among all agencies.
    return { times: when, rows: canReadAll(actor) ? rows : rows.filter((r) => r.agency === actor.agency) };
  }

  private async monthlyPlanAt(when: Evaluation, year: number | undefined, agency: string | undefined): Promise<MonthlyPlan> {
    const y = year ?? Number(localDay(when.asOf, this.timeZone).slice(0, 4));
    const filter: ReportFilter = { agency };
    const { cells, agencies } = await this.cached(`month ${y}`, when, filter, (now, unchanged) =>
      unchanged
        ? pastMonthCells(this.db, this.store, unchanged, y, filter, this.rules)
        : currentMonthCells(this.db, y, filter, now, this.rules),
    );
    const agencyName = agency ? (agencies.find((n) => n.code === agency)?.name ?? agency) : undefined;
    return { times: when, year: y, agency, agencyName, rows: buildMonthlyPlan(cells, agencies) };
  }

  private statusCells(when: Evaluation, filter: ReportFilter): Promise<{ cells: StatusCell[]; agencies: RegisteredAgency[] }> {
    return this.cached('status', when, filter, (now, unchanged) =>
      unchanged
        ? pastStatusCells(this.db, this.store, unchanged, filter, this.rules)
        : currentStatusCells(this.db, filter, now, this.rules),
    );
  }

  /**
   * Cells (and the agency register) from the cache while they cannot have changed: current
   * figures until the read models move, a due instant or a midnight passes; past figures (fixed
   * asOf and knownAt) until the read models move.
   */
  private async cached<C>(
    kind: string,
    when: Evaluation,
    filter: ReportFilter,
    compute: (now: Date, past: PastScope | undefined) => Promise<C[]>,
  ): Promise<{ cells: C[]; agencies: RegisteredAgency[] }> {
    const stamp = await readModelStamp(this.db);
    const past = when.replay ? this.past(when) : undefined;
    const key = `${kind} ${past ? `past ${when.asOf.toISOString()} ${when.knownAtGiven?.toISOString() ?? '-'}` : 'now'} ${JSON.stringify(filter)}`;
    return this.cache.get(key, stamp, when.asOf, async () => {
      const [cells, agencies, validUntil] = await Promise.all([
        compute(when.asOf, past),
        registeredAgencies(this.db),
        past ? Promise.resolve(END_OF_TIME) : currentFiguresValidUntil(this.db, when.asOf, this.timeZone),
      ]);
      return { value: { cells, agencies }, validUntil };
    });
  }

  /** A past evaluation: replay only the tasks changed since asOf (or recorded after knownAt). */
  private past(when: Evaluation): PastScope {
    return { asOf: when.asOf, knownAt: when.knownAtGiven };
  }

  /** Agency officers: their own agency, whatever they ask; asking for another is 403. */
  private scopeAgency(actor: Actor, requested: string | undefined): string | undefined {
    if (canReadAll(actor)) return requested;
    if (requested !== undefined && requested !== actor.agency)
      throw ApiError.forbidden(`agency officers see reports on their own agency (${actor.agency}) only`);
    return actor.agency;
  }
}

/** The agencies registered (business time) by `asOf`: the ranking lists those. */
function registeredBy(agencies: RegisteredAgency[], asOf: Date): AgencyName[] {
  return agencies.filter((a) => a.registeredAt <= asOf);
}
