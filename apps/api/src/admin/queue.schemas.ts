import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Schemas of GET /admin/queues. */

export class QueueFailure {
  @ApiPropertyOptional({ type: String, description: 'the job id (the notice id)' })
  id?: string;
  @ApiProperty()
  name: string;
  @ApiProperty({ type: 'integer' })
  attemptsMade: number;
  @ApiProperty()
  failedReason: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
}

export class QueueState {
  @ApiProperty({ example: 'notices' })
  name: string;
  @ApiProperty({ example: 'dle', description: 'QUEUE_PREFIX' })
  prefix: string;
  @ApiProperty()
  paused: boolean;
  @ApiProperty({ type: 'integer', description: 'waiting + delayed + prioritized + active' })
  depth: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'jobs by state: waiting, active, delayed, prioritized, waiting-children, completed, failed',
  })
  counts: Record<string, number>;
  @ApiProperty({ type: [QueueFailure] })
  recentFailures: QueueFailure[];
}

export class QueueList {
  @ApiProperty({ type: [QueueState] })
  queues: QueueState[];
}
