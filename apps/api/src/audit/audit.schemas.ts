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

export class AnchorFeed {
  @ApiProperty({ description: 'transaction id (xid8) of the last anchored event' })
  transactionId: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  position: number;
}

/** A signed anchor: the Merkle root of every stream's head at a feed position. */
export class AnchorSummary {
  @ApiProperty({ enum: ['dle-anchor/1'] })
  format: string;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ type: AnchorFeed, description: 'every event at or before this cursor, in commit order, is anchored' })
  feed: AnchorFeed;
  @ApiProperty({ type: 'integer', minimum: 0 })
  streams: number;
  @ApiProperty({ type: 'integer', minimum: 0 })
  events: number;
  @ApiProperty({ description: 'Merkle root (SHA-256, hex) of the stream heads' })
  root: string;
  @ApiProperty({ description: 'SHA-256 of the signing public key (SPKI DER, hex)' })
  keyId: string;
  @ApiProperty({ description: 'Ed25519 signature (base64) of the fields above' })
  signature: string;
}

export class AnchorList {
  @ApiProperty({ type: [AnchorSummary], description: 'newest first, at most 100; the file keeps each with its stream heads' })
  items: AnchorSummary[];
  @ApiProperty({ description: 'where the engine appends them (outside the database)' })
  file: string;
}

export class AnchorPublicKey {
  @ApiProperty({ type: 'string', nullable: true, description: 'PEM (SPKI); null when no anchor key is configured' })
  publicKey: string | null;
}

export class AnchorVerdict {
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  position: number;
  @ApiProperty()
  ok: boolean;
  @ApiProperty({ type: [ChainFailure], description: 'what differs, by stream and version (`*` when only the root was given)' })
  failures: ChainFailure[];
}

export class AnchoredVerifyResult extends VerifyResult {
  @ApiProperty({ type: [AnchorVerdict], description: 'each anchor checked: signature, then the history up to its position' })
  anchors: AnchorVerdict[];
  @ApiProperty({ description: 'what this answer cannot prove' })
  notCovered: string;
}

export class VerifyWithAnchorsBody {
  @ApiProperty({
    description: 'anchors as kept in the file or received by email: an array of anchor objects, or their text (JSON lines)',
    oneOf: [
      { type: 'array', items: { type: 'object' }, maxItems: 100 },
      { type: 'string', maxLength: 1_000_000 },
    ],
  })
  anchors: unknown;
  @ApiProperty({ required: false, description: "the published public key (PEM) to check signatures with; default the engine's" })
  publicKey?: string;
}
