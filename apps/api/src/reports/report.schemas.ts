import { ApiProperty } from '@nestjs/swagger';
import { TASK_STATUSES } from '@app/domain';
import { BLOCKER_STATUS_FILTERS } from '@app/projections';
import { Instant } from '../openapi/schema-helpers';

/** Schemas of the report answers (GET /reports/…). */

const COUNT = { type: 'integer', minimum: 0 } as const;

export class StatusCounts {
  @ApiProperty({ ...COUNT, description: 'every task not cancelled: completed + inProgress + overdue' })
  total: number;
  @ApiProperty(COUNT)
  completed: number;
  @ApiProperty(COUNT)
  completedOnTime: number;
  @ApiProperty(COUNT)
  completedLate: number;
  @ApiProperty({ ...COUNT, description: 'onTrack + dueSoon + ongoing' })
  inProgress: number;
  @ApiProperty(COUNT)
  onTrack: number;
  @ApiProperty(COUNT)
  dueSoon: number;
  @ApiProperty(COUNT)
  overdue: number;
  @ApiProperty(COUNT)
  ongoing: number;
  @ApiProperty({ ...COUNT, description: 'counted apart: not in total' })
  cancelled: number;
  @ApiProperty({ ...COUNT, description: 'of onTrack + dueSoon, the tasks at high risk of ending late (early warning, docs/risk.md)' })
  atRisk: number;
  @ApiProperty({
    ...COUNT,
    description: "open tasks whose officer's completion report awaits a coordinator's confirmation (counted by their deadline meanwhile)",
  })
  awaitingConfirmation: number;
  @ApiProperty({ ...COUNT, description: 'tasks of total without a deadline (nhiệm vụ thường xuyên)' })
  recurring: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 1,
    description: 'overdue / (total − recurring); null when no task has a deadline',
  })
  overdueRate: number | null;
}

export class AgencyCounts extends StatusCounts {
  @ApiProperty({ example: 'BCA' })
  agency: string;
  @ApiProperty({ example: 'Bộ Công an' })
  name: string;
}

export class SourceCounts extends StatusCounts {
  @ApiProperty({ type: String, nullable: true, example: '71/NQ-CP', description: "the source document's ref; null for tasks without one" })
  source: string | null;
}

export class SummaryFilters {
  @ApiProperty({ type: String, nullable: true })
  agency: string | null;
  @ApiProperty({ type: String, nullable: true })
  source: string | null;
  @Instant({ nullable: true })
  from: string | null;
  @Instant({ nullable: true })
  to: string | null;
}

export class Summary extends StatusCounts {
  @Instant({ description: 'the business time the report was evaluated at' })
  asOf: string;
  @Instant({ description: 'the record time the report was evaluated at' })
  knownAt: string;
  @ApiProperty({ type: [AgencyCounts] })
  byAgency: AgencyCounts[];
  @ApiProperty({ type: [SourceCounts] })
  bySource: SourceCounts[];
  @ApiProperty({ type: SummaryFilters })
  filters: SummaryFilters;
}

export class RankingRow {
  @ApiProperty({ example: 'BCA' })
  agency: string;
  @ApiProperty({ example: 'Bộ Công an' })
  name: string;
  @ApiProperty({ ...COUNT, description: 'tasks it leads, not cancelled' })
  total: number;
  @ApiProperty(COUNT)
  completedOnTime: number;
  @ApiProperty(COUNT)
  completedLate: number;
  @ApiProperty(COUNT)
  overdue: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1 })
  onTimeRate: number | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0 })
  avgDaysLate: number | null;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'equal figures share a rank' })
  rank: number;
}

export class MonthlyPlanRow {
  @ApiProperty({ pattern: '^\\d{4}-\\d{2}$', example: '2026-03' })
  month: string;
  @ApiProperty({ example: 'BCA' })
  agency: string;
  @ApiProperty({ example: 'Bộ Công an' })
  name: string;
  @ApiProperty(COUNT)
  due: number;
  @ApiProperty(COUNT)
  completed: number;
  @ApiProperty(COUNT)
  overdue: number;
  @ApiProperty({ ...COUNT, description: 'of those, open, not yet overdue and at high risk' })
  atRisk: number;
}

export class BlockerRow {
  @ApiProperty({ type: String, format: 'uuid' })
  taskId: string;
  @ApiProperty()
  taskCode: string;
  @ApiProperty()
  leadAgency: string;
  @ApiProperty({ enum: TASK_STATUSES, enumName: 'TaskStatus' })
  taskStatus: string;
  @ApiProperty({ type: String, format: 'uuid' })
  blockerId: string;
  @ApiProperty()
  description: string;
  @Instant({ nullable: true })
  raisedAt: string | null;
  @Instant({ nullable: true })
  resolvedAt: string | null;
}

export const BLOCKER_STATUS = { enum: BLOCKER_STATUS_FILTERS, enumName: 'BlockerStatusFilter' };
