import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../event-store.port';

/** a stream id no other test uses */
export function uniqueStreamId(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

export function testEvent(type: string, data: Record<string, unknown> = {}, extra: Partial<NewEvent> = {}): NewEvent {
  return { type, data, occurredAt: new Date('2026-03-02T01:02:03.456Z'), ...extra };
}
