import { Controller, Get, Query, Res, applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { XLSX, monthlyWorkbook, rankingWorkbook, summaryWorkbook, type ReportTimes } from '@app/projections';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.guard';
import { parseBlockersQuery, parseMonthlyPlanQuery, parseRankingQuery, parseSummaryQuery } from './report-query';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { ApiMinPosition, ApiTextQuery, ApiTimeTravel, TIME_INPUT } from '../openapi/api-params';
import { BLOCKER_STATUS, BlockerRow, MonthlyPlanRow, RankingRow, Summary } from './report.schemas';
import { ReportService } from './report.service';

/** dd/mm/yyyy of an ISO instant with offset, as written (the offset is the deadline zone's). */
const localText = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

const SVG = 'image/svg+xml; charset=utf-8';
const HTML = 'text/html; charset=utf-8';
const TIMES_HEADERS = {
  'X-Report-As-Of': {
    description: 'the business time the report was evaluated at (ISO-8601, +07:00)',
    schema: { type: 'string', format: 'date-time' },
  },
  'X-Report-Known-At': {
    description: 'the record time the report was evaluated at (ISO-8601, +07:00)',
    schema: { type: 'string', format: 'date-time' },
  },
};
/** Every report: its evaluation times, read-your-writes, and the errors all of them can give (403: another agency's report). */
const ReportQuery = () => applyDecorators(ApiTimeTravel(), ApiMinPosition(), ApiErrors(400, 403));
const Year = () =>
  ApiQuery({
    name: 'year',
    required: false,
    schema: { type: 'integer', minimum: 1000, maximum: 9999 },
    description: 'default: the year of asOf',
  });
const Agency = () => ApiTextQuery('agency', 'lead agency code (at the evaluation time); an agency officer may give only its own', 'BCA');
/** A drawn report: the document on success, JSON errors otherwise. */
const ApiDocumentResponse = (mediaType: string, description: string) =>
  ApiOkResponse({ description, content: { [mediaType]: { schema: { type: 'string' } } } });

/**
 * Reports and charts (api.md "Reports"). Every role may read them; an agency officer sees only
 * the tasks its agency leads (and only its own row of the ranking, ranked among all agencies).
 * Each answer carries its evaluation times: in the body of the summary, and for every report
 * in the `X-Report-As-Of` / `X-Report-Known-At` headers (the list answers stay plain arrays).
 */
@ApiTags('reports')
@ApiAuthenticated()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportService) {}

  @Get('summary')
  @ApiOperation({
    summary: 'Status counts overall, by lead agency and by source document',
    description:
      'total = completed + inProgress + overdue (cancelled tasks are counted apart, not in total); inProgress = onTrack + dueSoon + ongoing; ' +
      'recurring = tasks of total without a deadline; overdueRate = overdue / (total − recurring). With from/to: only tasks assigned in that window, evaluated as of to.',
  })
  @ReportQuery()
  @ApiTextQuery('source', 'source document ref', '71/NQ-CP')
  @Agency()
  @ApiQuery({
    name: 'from',
    required: false,
    schema: TIME_INPUT,
    description: 'window start: tasks assigned at or after (a date = start of that day)',
  })
  @ApiQuery({
    name: 'to',
    required: false,
    schema: TIME_INPUT,
    description:
      'window end: tasks assigned at or before (a date = end of that day); the report is evaluated as of to (give asOf or to, not both)',
  })
  @ApiOkResponse({ type: Summary, headers: TIMES_HEADERS })
  async summary(@Query() q: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const summary = await this.reports.summary(parseSummaryQuery(q, this.reports.timeZone), actor);
    res.setHeader('X-Report-As-Of', summary.asOf!);
    res.setHeader('X-Report-Known-At', summary.knownAt!);
    return summary;
  }

  @Get('summary.xlsx')
  @ApiOperation({ summary: 'The summary by lead agency as an Excel workbook (Vietnamese headers, numbers as numbers)' })
  @ReportQuery()
  @ApiTextQuery('source', 'source document ref', '71/NQ-CP')
  @Agency()
  @ApiDocumentResponse(XLSX, 'the workbook')
  async summaryXlsx(@Query() q: Record<string, unknown>, @CurrentActor() actor: Actor, @Res() res: Response) {
    const summary = await this.reports.summary(parseSummaryQuery(q, this.reports.timeZone), actor);
    this.sendWorkbook(res, 'tong-hop.xlsx', await summaryWorkbook(summary, localText(summary.asOf!)));
  }

  @Get('agencies.xlsx')
  @ApiOperation({ summary: 'The agency ranking as an Excel workbook' })
  @ReportQuery()
  @ApiDocumentResponse(XLSX, 'the workbook')
  async rankingXlsx(@Query() q: Record<string, unknown>, @CurrentActor() actor: Actor, @Res() res: Response) {
    const { times, rows } = await this.reports.ranking(parseRankingQuery(q, this.reports.timeZone), actor);
    this.sendWorkbook(res, 'xep-hang.xlsx', await rankingWorkbook(rows, localText(this.reports.fmt(times.asOf)!)));
  }

  @Get('monthly-plan.xlsx')
  @ApiOperation({ summary: 'The monthly plan of a year as an Excel workbook' })
  @Year()
  @Agency()
  @ReportQuery()
  @ApiDocumentResponse(XLSX, 'the workbook')
  async monthlyPlanXlsx(@Query() q: Record<string, unknown>, @CurrentActor() actor: Actor, @Res() res: Response) {
    const plan = await this.reports.monthlyPlan(parseMonthlyPlanQuery(q, this.reports.timeZone), actor);
    this.sendWorkbook(res, `ke-hoach-${plan.year}.xlsx`, await monthlyWorkbook(plan.rows, plan.year));
  }

  private sendWorkbook(res: Response, name: string, file: Buffer): void {
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`).type(XLSX).send(file);
  }

  @Get('agencies')
  @ApiOperation({
    summary: 'Agency ranking: on-time rate, overdue count, average days late, rank',
    description:
      'onTimeRate = completedOnTime / (completedOnTime + completedLate + overdue) over tasks with a deadline (recurring tasks excluded), null when none; ' +
      'avgDaysLate = mean calendar days late over late completions and overdue tasks, null when none. Ordered by onTimeRate desc (null last), overdue asc, code; equal figures share a rank.',
  })
  @ReportQuery()
  @ApiOkResponse({ type: [RankingRow], headers: TIMES_HEADERS, description: "an agency officer gets its own agency's row only" })
  async ranking(@Query() q: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { times, rows } = await this.reports.ranking(parseRankingQuery(q, this.reports.timeZone), actor);
    this.timesHeaders(res, times);
    return rows;
  }

  @Get('agencies/chart.svg')
  @ApiOperation({ summary: 'The agency ranking as an SVG bar chart (Vietnamese labels)' })
  @ReportQuery()
  @ApiDocumentResponse('image/svg+xml', 'the chart')
  async rankingChart(@Query() q: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.document(res, SVG, await this.reports.rankingChart(parseRankingQuery(q, this.reports.timeZone), actor));
  }

  @Get('monthly-plan')
  @ApiOperation({
    summary: 'What is due each month of a year per lead agency, and how much of it was done',
    description:
      'due = tasks (not cancelled, with a deadline) whose deadline in force has its last day in the month (as written, before the art. 148 shift); ' +
      'completed = of those, completed by asOf; overdue = of those, not completed and past due at asOf. Months with nothing due are left out.',
  })
  @Year()
  @Agency()
  @ReportQuery()
  @ApiOkResponse({ type: [MonthlyPlanRow], headers: TIMES_HEADERS })
  async monthlyPlan(@Query() q: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const plan = await this.reports.monthlyPlan(parseMonthlyPlanQuery(q, this.reports.timeZone), actor);
    this.timesHeaders(res, plan.times);
    return plan.rows;
  }

  @Get('monthly-plan/chart.svg')
  @ApiOperation({ summary: 'The monthly plan as an SVG stacked column chart (Vietnamese labels)' })
  @Year()
  @Agency()
  @ReportQuery()
  @ApiDocumentResponse('image/svg+xml', 'the chart')
  async monthlyPlanChart(@Query() q: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.document(res, SVG, await this.reports.monthlyPlanChart(parseMonthlyPlanQuery(q, this.reports.timeZone), actor));
  }

  @Get('blockers')
  @ApiOperation({ summary: 'Blockers raised on tasks, open (default), resolved or all, in the order raised' })
  @ApiQuery({ name: 'status', required: false, ...BLOCKER_STATUS, description: 'default open' })
  @Agency()
  @ReportQuery()
  @ApiOkResponse({ type: [BlockerRow], headers: TIMES_HEADERS })
  async blockers(@Query() q: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { times, rows } = await this.reports.blockers(parseBlockersQuery(q, this.reports.timeZone), actor);
    this.timesHeaders(res, times);
    return rows.map((b) => this.reports.blockerView(b));
  }

  @Get('dashboard.html')
  @ApiOperation({ summary: 'One HTML page: headline figures, the ranking chart and the monthly plan chart' })
  @Year()
  @Agency()
  @ReportQuery()
  @ApiDocumentResponse('text/html', 'the page')
  async dashboard(@Query() q: Record<string, unknown>, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.document(res, HTML, await this.reports.dashboard(parseMonthlyPlanQuery(q, this.reports.timeZone), actor));
  }

  /** Set only once the document is built, so an error still leaves as JSON. */
  private document(res: Response, contentType: string, body: string): string {
    res.setHeader('Content-Type', contentType);
    return body;
  }

  private timesHeaders(res: Response, times: ReportTimes): void {
    res.setHeader('X-Report-As-Of', this.reports.fmt(times.asOf)!);
    res.setHeader('X-Report-Known-At', this.reports.fmt(times.knownAt)!);
  }
}
