import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, formatInZone } from '@app/domain';
import { EVENT_STORE, type EventStore, type SqlDatabase } from '@app/event-store';
import { APP_CONFIG, AppConfig, ReadModelWaiter, SQL_DATABASE } from '@app/platform';
import {
  BlockerFact,
  Evaluation,
  MonthlyPlanRow,
  RankingRow,
  ReportEvaluator,
  ReportFilter,
  ReportTimes,
  Summary,
  dashboardHtml,
  evaluationAt,
  monthlyPlanChartSvg,
  rankingChartSvg,
} from '@app/projections';
import { Actor, canReadAll } from '../auth/actor';
import { ApiError } from '../http/api-error';
import { BlockersQuery, MonthlyPlanQuery, ReportWhen, SummaryQuery } from './report-query';

export interface MonthlyPlan {
  times: ReportTimes;
  year: number;
  agency?: string;
  agencyName?: string;
  rows: MonthlyPlanRow[];
}

/**
 * The reports over HTTP (api.md "Reports"): waits for read-your-writes, scopes agency officers
 * to their own agency and formats instants; the figures come from the one ReportEvaluator
 * (libs/projections/src/reports/report-evaluator.ts) the CLI and the documents use too.
 * Agency officers see their own agency's tasks only (the tasks it leads at the evaluation
 * instant); in the ranking they get their own row, ranked among all agencies.
 */
@Injectable()
export class ReportService {
  constructor(
    @Inject(SQL_DATABASE) db: SqlDatabase,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly waiter: ReadModelWaiter,
  ) {
    this.evaluator = new ReportEvaluator(db, store, { dueSoonDays: config.DUE_SOON_DAYS, timeZone: config.DEADLINE_TIMEZONE });
  }

  /** every report, evaluated by the one evaluator the CLI and the documents use too */
  readonly evaluator: ReportEvaluator;

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
    return { times: when, rows: await this.evaluator.blockers(when, q.status, agency) };
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

  private evaluation(q: ReportWhen): Evaluation {
    return evaluationAt(this.clock.now(), q.asOf, q.knownAt);
  }

  private summaryAt(when: Evaluation, filter: ReportFilter): Promise<Summary> {
    return this.evaluator.summary(when, filter);
  }

  private async rankingAt(when: Evaluation, actor: Actor): Promise<{ times: ReportTimes; rows: RankingRow[] }> {
    const rows = await this.evaluator.ranking(when);
    // Agency officers get their own row, ranked among all agencies.
    return { times: when, rows: canReadAll(actor) ? rows : rows.filter((r) => r.agency === actor.agency) };
  }

  private async monthlyPlanAt(when: Evaluation, year: number | undefined, agency: string | undefined): Promise<MonthlyPlan> {
    return { times: when, ...(await this.evaluator.monthlyPlan(when, year, agency)) };
  }

  /** Agency officers: their own agency, whatever they ask; asking for another is 403. */
  private scopeAgency(actor: Actor, requested: string | undefined): string | undefined {
    if (canReadAll(actor)) return requested;
    if (requested !== undefined && requested !== actor.agency)
      throw ApiError.forbidden(`agency officers see reports on their own agency (${actor.agency}) only`);
    return actor.agency;
  }
}
