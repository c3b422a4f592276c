import { localDay, poorRecordAgencies } from '@app/domain';
import type { EventStore, SqlDatabase } from '@app/event-store';
import { agencyRecords, buildMonthlyPlan, buildRanking, buildSummary, selectBlockers } from './report-core';
import { ReportCache, currentFiguresValidUntil, readModelStamp } from './report-cache';
import {
  PastParts,
  PastScope,
  changedTaskFacts,
  pastBlockers,
  pastFolding,
  pastMonthCells,
  pastRiskCells,
  pastStatusCells,
} from './report-past';
import { RegisteredAgency, currentBlockers, registeredAgencies } from './report-sql';
import { currentMonthCells, currentRiskCells, currentStatusCells } from './report-tally-sql';
import type {
  AgencyName,
  BlockerFact,
  BlockerStatusFilter,
  MonthlyPlanRow,
  RankingRow,
  ReportFilter,
  ReportTimes,
  RiskCell,
  StatusCell,
  StatusRules,
  Summary,
} from './report.types';

const END_OF_TIME = new Date(8.64e15);

/** When a report is evaluated, and whether the past must be replayed for it. */
export interface Evaluation extends ReportTimes {
  /** asOf or knownAt given: fold the events as they were */
  replay: boolean;
  /** the record-time bound given, if any (absent: every event recorded so far) */
  knownAtGiven?: Date;
}

/** The evaluation for a request made at `now` asking for `asOf` / `knownAt` (either may be absent). */
export function evaluationAt(now: Date, asOf?: Date | null, knownAt?: Date | null): Evaluation {
  return {
    asOf: asOf ?? now,
    knownAt: knownAt ?? now,
    knownAtGiven: knownAt ?? undefined,
    replay: (asOf ?? null) !== null || (knownAt ?? null) !== null,
  };
}

export interface MonthlyPlanFigures {
  year: number;
  agency?: string;
  agencyName?: string;
  rows: MonthlyPlanRow[];
}

/**
 * Every report, defined once and evaluated by this one object for the API, the CLI and the
 * documents (api.md "Reports").
 * - Now (no asOf or knownAt): one aggregate statement over rm_tasks with the status computed in
 *   SQL, kept in a ReportCache while neither the read models nor the passing time can have
 *   changed it, so a repeated request costs one checkpoint read.
 * - A past business time (asOf) or record time (knownAt): the tasks changed since are folded
 *   again from the events that qualify and evaluated with the clock at asOf; the tasks unchanged
 *   since are counted from rm_tasks with the clock at asOf (report-past.ts).
 * Both build the figures with the same pure code (report-core.ts). Who may see what is the
 * caller's business (the API scopes agency officers before asking).
 */
export class ReportEvaluator {
  private readonly cache = new ReportCache();

  constructor(
    private readonly db: SqlDatabase,
    private readonly store: EventStore,
    private readonly rules: StatusRules,
  ) {}

  async summary(when: Evaluation, filter: ReportFilter): Promise<Summary> {
    const [{ cells, agencies }, risk] = await Promise.all([this.statusCells(when, filter), this.riskCells(when, filter)]);
    return buildSummary(cells, agencies, when, risk);
  }

  /**
   * Lead agencies whose record is poor at the evaluation (the early warning's agency_record
   * reason), from the unfiltered figures, whatever the report's own filter.
   */
  async poorAgencies(when: Evaluation): Promise<string[]> {
    const { cells } = await this.statusCells(when, {});
    return poorRecordAgencies(agencyRecords(cells));
  }

  /** The ranking of every agency registered by asOf, over the tasks of one source document when given. */
  async ranking(when: Evaluation, filter: Pick<ReportFilter, 'source'> = {}): Promise<RankingRow[]> {
    const { cells, agencies } = await this.statusCells(when, filter.source === undefined ? {} : { source: filter.source });
    return buildRanking(cells, registeredBy(agencies, when.asOf));
  }

  async monthlyPlan(when: Evaluation, year: number | undefined, agency: string | undefined): Promise<MonthlyPlanFigures> {
    const { rules } = this;
    const y = year ?? Number(localDay(when.asOf, rules.timeZone).slice(0, 4));
    const filter: ReportFilter = { agency };
    const [{ cells, agencies }, risk] = await Promise.all([
      this.cached(`month ${y}`, when, filter, (now, unchanged) =>
        unchanged
          ? pastMonthCells(this.db, this.store, unchanged, y, filter, rules, this.pastParts(when, filter))
          : currentMonthCells(this.db, y, filter, now, rules),
      ),
      this.riskCells(when, filter),
    ]);
    const agencyName = agency ? (agencies.find((n) => n.code === agency)?.name ?? agency) : undefined;
    return { year: y, agency, agencyName, rows: buildMonthlyPlan(cells, agencies, risk) };
  }

  async blockers(when: Evaluation, status: BlockerStatusFilter, agency: string | undefined): Promise<BlockerFact[]> {
    const { rules } = this;
    const found = when.replay
      ? await pastBlockers(this.db, this.store, pastScope(when), agency, rules)
      : await currentBlockers(this.db, { openOnly: status === 'open', agency }, when.asOf, rules);
    return selectBlockers(found, status, agency);
  }

  private statusCells(when: Evaluation, filter: ReportFilter): Promise<{ cells: StatusCell[]; agencies: RegisteredAgency[] }> {
    const { rules } = this;
    return this.cached('status', when, filter, (now, unchanged) =>
      unchanged
        ? pastStatusCells(this.db, this.store, unchanged, filter, rules, this.pastParts(when, filter))
        : currentStatusCells(this.db, filter, now, rules),
    );
  }

  private async riskCells(when: Evaluation, filter: ReportFilter): Promise<RiskCell[]> {
    const { rules } = this;
    // the points are counted while the poor agencies are (from the status cells of the same
    // evaluation, which the key fixes, so the agencies need not be in it)
    const parts = when.replay ? this.pastParts(when, filter) : undefined;
    const poor = this.poorAgencies(when);
    poor.catch(() => undefined); // awaited by the computation
    const { cells } = await this.cached('risk', when, filter, (now, unchanged) =>
      unchanged
        ? pastRiskCells(this.db, this.store, unchanged, filter, rules, poor, parts)
        : currentRiskCells(this.db, filter, now, rules, poor),
    );
    return cells;
  }

  /**
   * What the cells of one past evaluation share: the tasks to fold (the same for every filter)
   * and the facts of those in the filter's scope; both kept like past figures.
   */
  private pastParts(when: Evaluation, filter: ReportFilter): PastParts {
    const scope = pastScope(when);
    const folded = this.cached('past folded', when, {}, async () => pastFolding(this.db, scope, this.rules)).then(({ cells }) => cells);
    const facts = this.cached('changed', when, filter, async () =>
      changedTaskFacts(this.store, scope, await folded, filter, this.rules),
    ).then(({ cells }) => cells);
    folded.catch(() => undefined); // awaited by the caller
    facts.catch(() => undefined);
    return { folded, facts };
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
    const past = when.replay ? pastScope(when) : undefined;
    const { rules } = this;
    const key = `${kind} ${rules.dueSoonDays} ${rules.timeZone} ${past ? `past ${when.asOf.toISOString()} ${when.knownAtGiven?.toISOString() ?? '-'}` : 'now'} ${JSON.stringify(filter)}`;
    return this.cache.get(key, stamp, when.asOf, async () => {
      const [cells, agencies, validUntil] = await Promise.all([
        compute(when.asOf, past),
        registeredAgencies(this.db),
        past ? Promise.resolve(END_OF_TIME) : currentFiguresValidUntil(this.db, when.asOf, rules.timeZone),
      ]);
      return { value: { cells, agencies }, validUntil };
    });
  }
}

/** A past evaluation: replay only the tasks changed since asOf (or recorded after knownAt). */
function pastScope(when: Evaluation): PastScope {
  return { asOf: when.asOf, knownAt: when.knownAtGiven };
}

/** The agencies registered (business time) by `asOf`: the ranking lists those. */
function registeredBy(agencies: RegisteredAgency[], asOf: Date): AgencyName[] {
  return agencies.filter((a) => a.registeredAt <= asOf);
}
