import { DomainError, DomainErrorKind } from '../shared/domain-error';

/** A decider as the domain writes them: decide(command, state, ctx), evolve(state, event, occurredAt). */
export interface Decider<Command, Event, State, Context> {
  decide(command: Command, state: State, ctx: Context): Event[];
  evolve(state: State, event: Event, occurredAt: Date): State;
  initialState(): State;
}

/** A past event with its business time; a bare event happens at the spec's default time. */
export type Past<Event> = Event | { event: Event; at: Date | string };

export interface ExpectedError {
  kind: DomainErrorKind;
  code?: string;
  /** the field named in details (validation errors) */
  field?: string;
  message?: RegExp;
}

/**
 * given/when/then for deciders (emmett's DeciderSpecification, with a context):
 *   const spec = deciderSpec(taskDecider, (at) => ({ at, calendar, timeZone }), '2026-01-05T09:00:00+07:00');
 *   spec.given([assigned]).when(complete, { at: '2026-01-10T10:00:00+07:00' }).then([completed]);
 */
export function deciderSpec<Command, Event extends { type: string }, State, Context>(
  decider: Decider<Command, Event, State, Context>,
  context: (at: Date) => Context,
  defaultAt: Date | string,
) {
  return {
    given(past: Past<Event>[] = []) {
      const state = past.reduce((s, p) => {
        const { event, at } = isTimed(p) ? p : { event: p, at: defaultAt };
        return decider.evolve(s, event, new Date(at));
      }, decider.initialState());
      return {
        state,
        when(command: Command, opts: { at?: Date | string } = {}) {
          const at = new Date(opts.at ?? defaultAt);
          const run = () => decider.decide(command, state, context(at));
          return {
            then(expected: Event[]): void {
              expect(run()).toEqual(expected);
            },
            /** checks the state after the produced events are applied at the command's time */
            thenState(assert: (after: State, events: Event[]) => void): void {
              const events = run();
              assert(
                events.reduce((s, e) => decider.evolve(s, e, at), state),
                events,
              );
            },
            thenThrows(error: ExpectedError): void {
              let caught: unknown;
              try {
                run();
              } catch (e) {
                caught = e;
              }
              expect(caught).toBeInstanceOf(DomainError);
              const actual = caught as DomainError;
              expect({ kind: actual.kind, code: actual.code }).toEqual({ kind: error.kind, code: error.code ?? actual.code });
              if (error.field) expect(actual.details.map((d) => d.field)).toContain(error.field);
              if (error.message) expect(actual.message).toMatch(error.message);
            },
          };
        },
      };
    },
  };
}

function isTimed<Event>(p: Past<Event>): p is { event: Event; at: Date | string } {
  return typeof p === 'object' && p !== null && 'event' in p && 'at' in p && !('type' in p);
}
