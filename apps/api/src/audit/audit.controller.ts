import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError, FieldChecks, formatInZone, objectInput } from '@app/domain';
import { Anchor, EVENT_STORE, EventStore, FeedCursor } from '@app/event-store';
import { APP_CONFIG, AnchorError, Anchoring, AppConfig, parseAnchorLines } from '@app/platform';
import { Roles } from '../auth/auth.guard';
import { intParam } from '../http/body';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { ApiLimit } from '../openapi/api-params';
import { ApiError } from '../http/api-error';
import { AnchorList, AnchorPublicKey, AnchorSummary, AnchoredVerifyResult, FeedPage, VerifyWithAnchorsBody } from './audit.schemas';

@ApiTags('audit')
@ApiAuthenticated()
@Controller()
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly anchoring: Anchoring,
  ) {}

  @Get('audit/verify')
  @Roles('auditor')
  @ApiOperation({
    summary: "Checks every stream's hash chain, and the history against the newest anchor of the engine's anchor file",
  })
  @ApiOkResponse({ type: AnchoredVerifyResult })
  async verify() {
    if (this.config.EVENT_STORE !== 'postgres') {
      return { ...(await this.store.verify()), anchors: [], notCovered: 'anchors cover the PostgreSQL event store only' };
    }
    const newest = this.anchoring.list().slice(-1);
    return this.anchors(() => this.anchoring.verify(newest));
  }

  @Post('audit/verify')
  @HttpCode(200)
  @Roles('auditor')
  @ApiOperation({ summary: 'Checks the hash chains and the history against the anchors given (from the file or a mailbox)' })
  @ApiBody({ type: VerifyWithAnchorsBody })
  @ApiOkResponse({ type: AnchoredVerifyResult })
  @ApiErrors(409, 413)
  verifyWithAnchors(@Body() body: unknown) {
    const data = objectInput(body);
    const anchors = anchorsFrom(data.anchors);
    if (data.publicKey !== undefined && (typeof data.publicKey !== 'string' || !data.publicKey.includes('PUBLIC KEY'))) {
      throw DomainError.invalid('publicKey', 'must be a PEM public key');
    }
    return this.anchors(() => this.anchoring.verify(anchors, data.publicKey as string | undefined));
  }

  @Post('audit/anchors')
  @Roles('auditor')
  @ApiOperation({ summary: 'Anchors the history now: signs the root of every stream head and appends it to the anchor file' })
  @ApiCreatedResponse({ type: AnchorSummary })
  @ApiErrors(409)
  async createAnchor() {
    const anchor = await this.anchors(() => this.anchoring.create());
    return summary(anchor);
  }

  @Get('audit/anchors')
  @Roles('auditor')
  @ApiOperation({ summary: 'The anchors in the anchor file, newest first' })
  @ApiOkResponse({ type: AnchorList })
  listAnchors() {
    return { items: this.anchoring.list().reverse().slice(0, 100).map(summary), file: this.anchoring.file };
  }

  @Get('audit/anchors/public-key')
  @Roles('auditor')
  @ApiOperation({ summary: 'The public key that checks the anchors (publish it where the auditors keep their copies)' })
  @ApiOkResponse({ type: AnchorPublicKey })
  publicKey() {
    return { publicKey: this.anchoring.publicKeyPem() ?? null };
  }

  private async anchors<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof AnchorError) throw ApiError.conflict('anchors_unavailable', error.message);
      throw error;
    }
  }

  /**
   * The global feed in commit order. `fromPosition` is inclusive: the page starts at the event
   * with that position (positions are handed out at insert, so commit order can interleave
   * them); pass the answer's `afterPosition` to continue after the last event returned.
   */
  @Get('events')
  @Roles('auditor')
  @ApiOperation({ summary: 'The global event feed in commit order' })
  @ApiQuery({
    name: 'fromPosition',
    required: false,
    schema: { type: 'integer', minimum: 0 },
    description: 'start at the event with this position (inclusive)',
  })
  @ApiQuery({
    name: 'afterPosition',
    required: false,
    schema: { type: 'integer', minimum: 0 },
    description: "continue after this position: the previous page's `afterPosition`",
  })
  @ApiLimit(1000, 100)
  @ApiOkResponse({ type: FeedPage })
  @ApiErrors(400)
  async events(@Query('fromPosition') from?: string, @Query('limit') limitParam?: string, @Query('afterPosition') afterParam?: string) {
    const checks = new FieldChecks();
    const fromPosition = checks.run(() => intParam(from, 'fromPosition'));
    const afterPosition = checks.run(() => intParam(afterParam, 'afterPosition'));
    const limit = checks.run(() => intParam(limitParam, 'limit', { min: 1, max: 1000 })) ?? 100;
    checks.throwIfAny();
    const after = await this.cursorBefore(fromPosition, afterPosition);
    if (after === null) return { events: [], afterPosition: afterPosition ?? Math.max(0, (fromPosition ?? 1) - 1) };
    const page = await this.store.readFeed({ after, limit });
    const zone = (d: Date) => formatInZone(d, this.config.DEADLINE_TIMEZONE);
    return {
      events: page.events.map((e) => ({
        position: e.position,
        streamId: e.streamId,
        version: e.version,
        type: e.type,
        occurredAt: zone(e.occurredAt),
        recordedAt: zone(e.recordedAt),
        actor: e.metadata.actor ?? null,
        data: e.data,
        hash: e.hash,
      })),
      afterPosition: page.events.length ? page.events[page.events.length - 1].position : (afterPosition ?? null),
    };
  }

  /** undefined: from the start; null: that position is not (yet) visible, so nothing to show. */
  private async cursorBefore(fromPosition?: number, afterPosition?: number): Promise<FeedCursor | undefined | null> {
    if (afterPosition) return this.store.cursorOf(afterPosition);
    if (!fromPosition || fromPosition <= 1) return undefined;
    const cursor = await this.store.cursorOf(fromPosition);
    // Just before the requested event in (transaction, position) order.
    return cursor ? { transactionId: cursor.transactionId, position: cursor.position - 1 } : null;
  }
}

function summary(anchor: Anchor) {
  const { format, createdAt, feed, streams, events, root, keyId, signature } = anchor;
  return { format, createdAt, feed, streams, events, root, keyId, signature };
}

const ANCHOR_FIELDS = ['format', 'createdAt', 'feed', 'streams', 'events', 'root', 'keyId', 'signature'] as const;

/** Anchors pasted as text (JSON lines or an array) or given as objects; each must carry its signed fields. */
function anchorsFrom(value: unknown): Anchor[] {
  if (value === undefined) throw DomainError.invalid('anchors', 'is required');
  let anchors: unknown;
  try {
    anchors = typeof value === 'string' ? parseAnchorLines(value) : value;
  } catch {
    throw DomainError.invalid('anchors', 'must be anchors as JSON (one per line, or an array)');
  }
  if (!Array.isArray(anchors) || anchors.length === 0 || anchors.length > 100) {
    throw DomainError.invalid('anchors', 'must hold 1 to 100 anchors');
  }
  anchors.forEach((anchor, i) => {
    const missing = ANCHOR_FIELDS.find((f) => typeof anchor !== 'object' || anchor === null || !(f in anchor));
    if (missing) throw DomainError.invalid(`anchors[${i}].${missing}`, 'is required');
    const feed = (anchor as Anchor).feed;
    if (typeof feed !== 'object' || feed === null || !/^\d+$/.test(String(feed.transactionId)) || !Number.isSafeInteger(feed.position)) {
      throw DomainError.invalid(`anchors[${i}].feed`, 'must be {transactionId, position}');
    }
    const leaves = (anchor as Anchor).leaves;
    const leaf = (l: unknown) =>
      Array.isArray(l) && l.length === 3 && typeof l[0] === 'string' && Number.isSafeInteger(l[1]) && typeof l[2] === 'string';
    if (leaves !== undefined && !(Array.isArray(leaves) && leaves.every(leaf))) {
      throw DomainError.invalid(`anchors[${i}].leaves`, 'must be [streamId, version, hash] triples');
    }
  });
  return anchors as Anchor[];
}
