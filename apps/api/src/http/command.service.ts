import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { CLOCK, Clock, DomainError, FieldChecks, FieldIssue, parseInstant } from '@app/domain';
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
import { EVENTS_APPENDED } from '@app/runtime';
import { canWriteAll } from '../auth/actor';
import { ApiError } from './api-error';
import type { CommandRequest } from './command-request';

type Decided = { type: string; data: Record<string, unknown> }[];

/** How one command goes through the door: who may, how its body is parsed, how it is decided. */
export interface CommandHandler<S, C> {
  /** 404 or 403 from the stream's state, before any field of the body is looked at or any answer replayed */
  authorize?(state: S): void;
  /** a refusal by state that outranks a bad body (a code already taken: nothing in the body can fix it) */
  refuseFirst?(state: S): void;
  /** the domain's parser for this command: a typed command, or every field at fault */
  parse(body: Record<string, unknown>): C;
  /** the decider: checks only the state */
  decide(command: C, state: S, at: Date): Decided;
  /** the body field carrying the command's business time (default `occurredAt`) */
  timeField?: string;
  /** the time is the event's own (completedAt): any role may state it, not only coordinators */
  anyRoleMayBackdate?: boolean;
  /** field issues found by lookups (an unknown agency code), reported with the parser's */
  issues?: FieldIssue[];
}

/**
 * The door of every command: the body parsed once by the domain's parser, the business time and
 * any lookup issues checked beside it (one 400 naming every field at fault), then the decider
 * against the stream with the caller's identity in the metadata, the injected clock for record
 * time, Idempotency-Key replay, and a wake-up for the in-process projector.
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

  async run<S extends { version?: number }, C>(
    streamId: string,
    fold: StreamFold<S>,
    request: CommandRequest,
    handler: CommandHandler<S, C>,
  ): Promise<CommandOutcome<S>> {
    const now = this.clock.now();
    const key = this.checkIdempotencyKey(request);
    const timeField = handler.timeField ?? 'occurredAt';
    const time = this.businessTime(request, timeField, handler.anyRoleMayBackdate === true, now);
    const outcome = await this.executor.execute(
      streamId,
      fold,
      (state) => {
        handler.refuseFirst?.(state);
        const checks = new FieldChecks();
        checks.add(time.issues);
        const command = checks.run(() => handler.parse(request.body));
        checks.add(handler.issues ?? []);
        checks.throwIfAny();
        return handler.decide(command, state, time.at);
      },
      {
        metadata: {
          actor: {
            role: request.actor.role,
            name: request.actor.name,
            ...(request.actor.agency ? { agency: request.actor.agency } : {}),
            ...(request.actor.personId ? { personId: request.actor.personId } : {}),
          },
          // The request's X-Correlation-Id (or the one generated for it), so logs, jobs and emails can follow.
          correlationId: currentCorrelationId() ?? randomUUID(),
        },
        occurredAt: time.at,
        recordedAt: now,
        // Scoped by the caller's credential (not its role or display name, which tokens may
        // share), so one caller's key never answers another; authorized before any replay.
        idempotency: key ? { key: `${request.actor.id}/${key}`, requestHash: requestHash(request.fingerprint) } : undefined,
        authorize: handler.authorize,
      },
    );
    if (!outcome.replayed && outcome.events.length) {
      recordEventsAppended(outcome.events);
      this.emitter.emit(EVENTS_APPENDED, outcome.position);
    }
    return outcome;
  }

  /** The request's Idempotency-Key, refused (400 naming it) unless 1-200 printable characters. */
  checkIdempotencyKey(request: CommandRequest): string | undefined {
    const key = request.idempotencyKey;
    if (key !== undefined && (key.length === 0 || key.length > 200 || /[\u0000-\u001f\u007f]/.test(key))) {
      throw ApiError.badRequest([{ field: 'Idempotency-Key', message: 'must be 1-200 printable characters' }]);
    }
    return key;
  }

  /**
   * The business time a coordinator may state (`occurredAt`, `assignedAt`) or anyone may for the
   * event's own time (`completedAt`); now when absent. A bad value is a field issue reported with
   * the body's others; a caller who may not state it is a 403 at once.
   */
  private businessTime(request: CommandRequest, field: string, anyRole: boolean, now: Date): { at: Date; issues: FieldIssue[] } {
    const value = request.body[field];
    if (value === undefined || value === null) return { at: now, issues: [] };
    if (!canWriteAll(request.actor) && !anyRole) throw ApiError.forbidden(`only coordinators and admins may set ${field}`);
    try {
      if (typeof value !== 'string') throw DomainError.invalid(field, 'must be an ISO-8601 time with offset or a YYYY-MM-DD date');
      const at = parseInstant(value, field, this.config.DEADLINE_TIMEZONE);
      if (at.getTime() > now.getTime()) throw DomainError.invalid(field, 'must not be in the future');
      return { at, issues: [] };
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'validation') throw error;
      return { at: now, issues: error.details };
    }
  }
}
