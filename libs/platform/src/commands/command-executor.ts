import { createHash } from 'node:crypto';
import { DomainError } from '@app/domain';
import { ConcurrencyError, EventMetadata, EventStore, NewEvent, StoredEvent, expect } from '@app/event-store';

/** The fold of a stream: how a decider rebuilds its state from events. */
export interface StreamFold<S> {
  initial(): S;
  evolve(state: S, event: { type: string; data: any }, occurredAt: Date): S;
}

export interface CommandContext<S = unknown> {
  metadata: EventMetadata;
  /** business time of the command */
  occurredAt: Date;
  /** record time (the injected clock) */
  recordedAt: Date;
  /** Idempotency-Key header (scoped to the caller), with a digest of the request it came with */
  idempotency?: { key: string; requestHash: string };
  /**
   * The caller's rights on the stream's current state (404/403), checked before anything is
   * decided and before an earlier answer is replayed: a key never answers a caller who may no
   * longer act on the stream.
   */
  authorize?: (state: S) => void;
}

export interface CommandOutcome<S> {
  events: StoredEvent[];
  state: S;
  version: number;
  position: number;
  /** true when an earlier request with the same Idempotency-Key answered this one */
  replayed: boolean;
}

const MAX_ATTEMPTS = 5;

export const requestHash = (parts: unknown): string => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/**
 * load → decide → append with the expected version; a concurrent writer makes the append fail
 * and the command is decided again on the fresh state (deciders are pure, so this is safe).
 */
export class CommandExecutor {
  constructor(private readonly store: EventStore) {}

  async execute<S extends { version?: number }>(
    streamId: string,
    fold: StreamFold<S>,
    decide: (state: S, version: number) => { type: string; data: Record<string, unknown> }[],
    context: CommandContext<S>,
  ): Promise<CommandOutcome<S>> {
    if (context.idempotency) {
      const earlier = await this.replay(streamId, fold, context.idempotency, context.authorize);
      if (earlier) return earlier;
    }
    for (let attempt = 1; ; attempt++) {
      const history = await this.store.readStream(streamId);
      const state = foldEvents(fold, history);
      const version = history.length ? history[history.length - 1].version : 0;
      context.authorize?.(state);
      const decided = decide(state, version);
      if (decided.length === 0) {
        return { events: [], state, version, position: history.at(-1)?.position ?? 0, replayed: false };
      }
      const metadata: EventMetadata = {
        ...context.metadata,
        ...(context.idempotency ? { idempotencyKey: context.idempotency.key, requestHash: context.idempotency.requestHash } : {}),
      };
      const events: NewEvent[] = decided.map((e) => ({ type: e.type, data: e.data, metadata, occurredAt: context.occurredAt }));
      try {
        const result = await this.store.append(streamId, events, {
          expectedVersion: version === 0 ? expect.noStream() : expect.exact(version),
          recordedAt: context.recordedAt,
        });
        const after = result.events.reduce((s, e) => fold.evolve(s, e, e.occurredAt), state);
        return { events: result.events, state: after, version: result.version, position: result.position, replayed: false };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_ATTEMPTS) throw error;
        if (context.idempotency) {
          const earlier = await this.replay(streamId, fold, context.idempotency, context.authorize);
          if (earlier) return earlier;
        }
      }
    }
  }

  private async replay<S>(
    streamId: string,
    fold: StreamFold<S>,
    idempotency: { key: string; requestHash: string },
    authorize: CommandContext<S>['authorize'],
  ): Promise<CommandOutcome<S> | null> {
    const earlier = await this.store.findByIdempotencyKey(idempotency.key);
    if (earlier.length === 0) return null;
    const stream = await this.store.readStream(streamId);
    authorize?.(foldEvents(fold, stream));
    if (earlier[0].metadata.requestHash !== idempotency.requestHash || earlier[0].streamId !== streamId) {
      throw DomainError.conflict('idempotency_key_reused', 'this Idempotency-Key was already used with a different request');
    }
    const last = earlier[earlier.length - 1];
    const history = stream.filter((e) => e.version <= last.version);
    return { events: earlier, state: foldEvents(fold, history), version: last.version, position: last.position, replayed: true };
  }
}

export function foldEvents<S>(fold: StreamFold<S>, events: StoredEvent[]): S {
  return events.reduce((state, event) => fold.evolve(state, event, event.occurredAt), fold.initial());
}
