import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { CLOCK, Clock, DomainError, parseInstant } from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import {
  APP_CONFIG,
  AppConfig,
  CommandExecutor,
  CommandOutcome,
  StreamFold,
  currentCorrelationId,
  recordEventsAppended,
  requestHash,
} from '@app/platform';
import { EVENTS_APPENDED } from '../../../worker/src/projector/projector.service';
import { Actor, canWriteAll } from '../auth/actor';
import { ApiError } from './api-error';

/** What a command request carries besides its body. */
export interface RequestMeta {
  actor: Actor;
  idempotencyKey?: string;
  /** method + path + body, digested for the Idempotency-Key comparison */
  fingerprint: unknown;
  /** optional business-time override from the body (`occurredAt`, `assignedAt`) */
  occurredAt?: unknown;
  occurredAtField?: string;
  /** the field is the event's own time (completedAt), not a coordinator's backdating */
  anyRoleMayBackdate?: boolean;
}

/**
 * Runs a decider against a stream with the caller's identity in the metadata, the injected
 * clock for record time, Idempotency-Key replay, and a wake-up for the in-process projector.
 */
@Injectable()
export class CommandService {
  private readonly executor: CommandExecutor;

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(APP_CONFIG) readonly config: AppConfig,
    private readonly emitter: EventEmitter2,
  ) {
    this.executor = new CommandExecutor(store);
  }

  async run<S extends { version?: number }>(
    streamId: string,
    fold: StreamFold<S>,
    meta: RequestMeta,
    decide: (state: S, at: Date) => { type: string; data: Record<string, unknown> }[],
  ): Promise<CommandOutcome<S>> {
    const now = this.clock.now();
    // A bad business time is reported together with the decider's own field errors.
    let timeIssue: DomainError | null = null;
    let at = now;
    try {
      at = this.businessTime(meta, now);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'validation') throw error;
      timeIssue = error;
    }
    const key = meta.idempotencyKey;
    if (key !== undefined && (key.length === 0 || key.length > 200 || /[\u0000-\u001f\u007f]/.test(key))) {
      throw ApiError.badRequest([{ field: 'Idempotency-Key', message: 'must be 1-200 printable characters' }]);
    }
    const outcome = await this.executor.execute(streamId, fold, (state) => withIssues(timeIssue, () => decide(state, at)), {
      metadata: {
        actor: { role: meta.actor.role, name: meta.actor.name, ...(meta.actor.agency ? { agency: meta.actor.agency } : {}) },
        // The request's X-Correlation-Id (or the one generated for it), so logs, jobs and emails can follow.
        correlationId: currentCorrelationId() ?? randomUUID(),
      },
      occurredAt: at,
      recordedAt: now,
      // Scoped by caller, so two clients picking the same key never collide.
      idempotency: key ? { key: `${meta.actor.role}/${meta.actor.name}/${key}`, requestHash: requestHash(meta.fingerprint) } : undefined,
    });
    if (!outcome.replayed && outcome.events.length) {
      recordEventsAppended(outcome.events);
      this.emitter.emit(EVENTS_APPENDED, outcome.position);
    }
    return outcome;
  }

  private businessTime(meta: RequestMeta, now: Date): Date {
    if (meta.occurredAt === undefined || meta.occurredAt === null) return now;
    const field = meta.occurredAtField ?? 'occurredAt';
    if (!canWriteAll(meta.actor) && !meta.anyRoleMayBackdate) throw ApiError.forbidden(`only coordinators and admins may set ${field}`);
    if (typeof meta.occurredAt !== 'string') throw DomainError.invalid(field, 'must be an ISO-8601 time with offset or a YYYY-MM-DD date');
    const at = parseInstant(meta.occurredAt, field, this.config.DEADLINE_TIMEZONE);
    if (at.getTime() > now.getTime()) throw DomainError.invalid(field, 'must not be in the future');
    return at;
  }
}

function withIssues<T>(earlier: DomainError | null, decide: () => T): T {
  if (!earlier) return decide();
  try {
    decide();
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'validation')
      throw DomainError.invalidFields([...earlier.details, ...error.details]);
    if (!(error instanceof DomainError)) throw error;
  }
  throw earlier;
}
