import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AgencyCounts, RankingRow, SourceCounts, StatusCounts } from '../reports/report.schemas';
import { Instant, TimeInput } from '../openapi/schema-helpers';

/** Schemas of report editions (documentation only: the service validates). */

export class PublishEditionBody {
  @ApiProperty({ example: 'Tình hình thực hiện nhiệm vụ do Chính phủ, Thủ tướng Chính phủ giao tháng 9 năm 2025', maxLength: 300 })
  title: string;
  @ApiPropertyOptional({ example: '512/BC-VPCP', nullable: true })
  number?: string | null;
  @ApiProperty({ example: '2025-09-23', description: 'business time of the figures: ISO-8601 with offset, or a date (its end)' })
  asOf: string;
  @TimeInput('record time: only what had been recorded by then (default: the moment of publication)')
  knownAt?: string;
  @ApiPropertyOptional({ example: '71/NQ-CP', nullable: true, description: "only the tasks of this source document's ref" })
  source?: string | null;
  @ApiPropertyOptional({ example: 'BCA', nullable: true, description: 'only the tasks this agency leads' })
  agency?: string | null;
}

export class EditionFigures extends StatusCounts {
  @Instant()
  asOf: string;
  @Instant()
  knownAt: string;
  @ApiProperty({ type: [AgencyCounts] })
  byAgency: AgencyCounts[];
  @ApiProperty({ type: [SourceCounts] })
  bySource: SourceCounts[];
}

export class EditionOfficer {
  @ApiProperty()
  name: string;
  @ApiProperty()
  email: string;
}

export class EditionTask {
  @ApiProperty({ format: 'uuid' })
  taskId: string;
  @ApiProperty()
  code: string;
  @ApiProperty()
  title: string;
  @ApiProperty()
  leadAgency: string;
  @ApiProperty()
  agencyName: string;
  @ApiProperty({ type: String, nullable: true })
  sourceRef: string | null;
  @Instant({ nullable: true })
  due: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'overdue: calendar days late at asOf; at risk: days left' })
  days: number | null;
  @ApiProperty({ type: EditionOfficer, nullable: true })
  officer: EditionOfficer | null;
  @ApiProperty({
    type: [String],
    required: false,
    description: "at risk: the early warning's reasons in Vietnamese (absent in editions published before risk levels)",
  })
  reasons?: string[];
}

export class EditionBlocker {
  @ApiProperty()
  taskCode: string;
  @ApiProperty()
  taskTitle: string;
  @ApiProperty()
  leadAgency: string;
  @ApiProperty()
  agencyName: string;
  @ApiProperty()
  description: string;
  @Instant()
  raisedAt: string;
}

export class ChainHead {
  @ApiProperty({ type: 'integer' })
  position: number;
  @ApiProperty({ type: 'integer' })
  events: number;
  @ApiProperty({ description: 'Merkle root of every stream head (as an anchor computes it) at publication' })
  root: string;
}

export class EditionSummary {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ type: String, nullable: true })
  number: string | null;
  @Instant()
  asOf: string;
  @Instant()
  publishedAt: string;
  @ApiProperty({ type: String, nullable: true })
  source: string | null;
  @ApiProperty({ type: String, nullable: true })
  agency: string | null;
}

export class Edition extends EditionSummary {
  @Instant({ description: 'the record time the figures are as known at' })
  knownAt: string;
  @ApiProperty({ type: ChainHead })
  chainHead: ChainHead;
  @ApiProperty({ type: EditionFigures })
  figures: EditionFigures;
  @ApiProperty({ type: [RankingRow] })
  ranking: RankingRow[];
  @ApiProperty({ type: [EditionTask] })
  overdue: EditionTask[];
  @ApiProperty({ type: [EditionTask], description: 'open tasks due within the due-soon window at asOf' })
  atRisk: EditionTask[];
  @ApiProperty({ type: [EditionBlocker] })
  blockers: EditionBlocker[];
  @ApiProperty()
  publishedBy: string;
}

export class PublishedEdition extends Edition {
  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;
  @ApiProperty({ type: 'integer', minimum: 1 })
  position: number;
}

export class RestatementCause {
  @ApiProperty({ example: 'TaskCompleted' })
  type: string;
  @ApiProperty({ type: 'integer' })
  position: number;
  @Instant()
  occurredAt: string;
  @Instant()
  recordedAt: string;
}

export class RestatementChange {
  @ApiProperty({ format: 'uuid' })
  taskId: string;
  @ApiProperty()
  code: string;
  @ApiProperty({ example: 'overdue', description: 'the category as of the edition date, as known then' })
  then: string;
  @ApiProperty({ example: 'completed_late', description: 'the category as of the edition date, as known now' })
  now: string;
  @ApiProperty({ type: [RestatementCause], description: 'the events recorded after the edition that moved it' })
  because: RestatementCause[];
}

export class Restatement {
  @ApiProperty({ format: 'uuid' })
  editionId: string;
  @Instant()
  asOf: string;
  @ApiProperty({ type: EditionFigures })
  figuresThen: EditionFigures;
  @ApiProperty({ type: EditionFigures })
  figuresNow: EditionFigures;
  @ApiProperty({ type: [RestatementChange] })
  changes: RestatementChange[];
}
