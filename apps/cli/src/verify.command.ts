import type { EventStore, SqlDatabase, VerifyResult } from '@app/event-store';
import type { Output } from './cli-error';

/**
 * `verify`: checks every stream's hash chain and version sequence (EventStore.verify) and prints
 * a summary, then every failure, one per line. The caller exits 1 when `ok` is false.
 */
export async function verifyEventStore(_db: SqlDatabase, store: EventStore, output: Output): Promise<VerifyResult> {
  const result = await store.verify();
  const streams = Number(result.streams);
  const events = Number(result.events);
  if (result.ok) {
    output.write(`event store ok: ${streams} streams, ${events} events, every hash chain intact\n`);
    return result;
  }
  const n = result.failures.length;
  output.write(`event store NOT ok: ${n} failure${n === 1 ? '' : 's'} in ${streams} streams, ${events} events\n`);
  for (const f of result.failures) {
    output.write(`  position ${f.position}  stream ${f.streamId}  version ${f.version}: ${f.reason}\n`);
  }
  return result;
}
