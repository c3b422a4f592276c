import { ApiProperty } from '@nestjs/swagger';
import { HistoryEvent } from '../tasks/task.schemas';

/** Schemas of the audit answers. */

export class ChainFailure {
  @ApiProperty({ example: 'task-0b3c…' })
  streamId: string;
  @ApiProperty({ type: 'integer' })
  version: number;
  @ApiProperty({ type: 'integer' })
  position: number;
  @ApiProperty({ example: 'hash mismatch' })
  reason: string;
}

export class VerifyResult {
  @ApiProperty({ description: 'every hash chain is intact' })
  ok: boolean;
  @ApiProperty({ type: 'integer', minimum: 0 })
  streams: number;
  @ApiProperty({ type: 'integer', minimum: 0 })
  events: number;
  @ApiProperty({ type: [ChainFailure] })
  failures: ChainFailure[];
}

/** An event of the global feed: a stream's history event with its stream and hash. */
export class FeedEvent extends HistoryEvent {
  @ApiProperty({ example: 'task-0b3c…' })
  streamId: string;
  @ApiProperty({ description: 'SHA-256 of the event chained to the previous one of its stream (hex)' })
  hash: string;
}

export class FeedPage {
  @ApiProperty({ type: [FeedEvent], description: 'in commit order' })
  events: FeedEvent[];
  @ApiProperty({ type: 'integer', nullable: true, description: 'pass as `afterPosition` to continue after the last event returned' })
  afterPosition: number | null;
}
