import type { EventStore, SqlDatabase } from '@app/event-store';
import { DEFAULT_TIME_ZONE, TaskState, TaskStatus, parseInstant, taskIdFromCode, taskStatus, taskStreamId } from '@app/domain';
import { readTaskAsOf } from '@app/projections';
import { CliError, type Output } from './cli-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReplayOptions {
  /** business time: fold the events that occurred by then and evaluate the status then */
  asOf?: string;
  /** record time: fold only the events the store had recorded by then */
  knownAt?: string;
  /** zone of date-only times and of "due soon" (DEADLINE_TIMEZONE) */
  timeZone?: string;
  /** DUE_SOON_DAYS */
  dueSoonDays?: number;
  /** the status instant when no asOf is given (tests pin it) */
  now?: () => Date;
}

export interface ReplayResult {
  taskId: string;
  streamId: string;
  asOf: string | null;
  knownAt: string | null;
  /** the status at asOf (or now) */
  status: TaskStatus;
  /** events folded / events read from the stream (after the knownAt cut) */
  eventsFolded: number;
  eventsRead: number;
  state: TaskState;
}

/**
 * `replay <taskIdOrCode>`: the task folded from its own stream, straight from the event store
 * (no read model involved), as of a business time and/or as known at a record time; printed as JSON.
 */
export async function replayTask(
  _db: SqlDatabase,
  store: EventStore,
  output: Output,
  taskIdOrCode: string,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const ref = taskIdOrCode.trim();
  if (ref === '') throw new CliError('replay: give a task id or a task code');
  const asOf = options.asOf === undefined ? null : parseInstant(options.asOf, '--as-of', timeZone);
  const knownAt = options.knownAt === undefined ? null : parseInstant(options.knownAt, '--known-at', timeZone);
  const taskId = UUID.test(ref) ? ref.toLowerCase() : taskIdFromCode(ref);
  const streamId = taskStreamId(taskId);

  const { state, eventsRead, eventsFolded } = await readTaskAsOf(store, taskId, { asOf: asOf ?? undefined, knownAt: knownAt ?? undefined });
  if (!state.exists) throw new CliError(notFound(ref, asOf, knownAt, eventsRead));

  const at = asOf ?? options.now?.() ?? new Date();
  const result: ReplayResult = {
    taskId,
    streamId,
    asOf: asOf?.toISOString() ?? null,
    knownAt: knownAt?.toISOString() ?? null,
    status: taskStatus(state, at, { dueSoonDays: options.dueSoonDays ?? 7, timeZone }),
    eventsFolded,
    eventsRead,
    state,
  };
  output.write(`${JSON.stringify(result, null, 2)}\n`);
  return result;
}

function notFound(ref: string, asOf: Date | null, knownAt: Date | null, read: number): string {
  const what = UUID.test(ref) ? `task ${ref}` : `task with code "${ref}"`;
  if (read === 0 && !knownAt) return `${what} not found`;
  const when = [asOf && `as of ${asOf.toISOString()}`, knownAt && `as known at ${knownAt.toISOString()}`].filter(Boolean).join(', ');
  return `${what} did not exist ${when}`;
}
