import { DomainError } from '../shared/domain-error';
import { TZ, assignData, assigned, calendar, taskSpec } from '../testing/task-fixtures';
import { decideTask } from './decide-task';
import { parseTaskCommand } from './parse-task-command';
import { initialTaskState } from './task.state';
import { evolveTask } from './evolve-task';

const ctx = { calendar, timeZone: TZ };

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('task command parsers (the door)', () => {
  it('turn what a client wrote into a typed command: blank text as null, deadline resolved, defaults filled', () => {
    const command = parseTaskCommand('AssignTask', { ...assignData({ priority: undefined, description: '  ' }), ignored: 1 }, ctx);
    expect(command.data).toEqual({
      ...assigned().data,
      clarity: undefined,
      description: null,
      priority: 'normal',
    });
    expect(command.data).not.toHaveProperty('clarity');
    expect(command.data).not.toHaveProperty('ignored');
  });

  it('name every field at fault in one error, nested and listed fields by their path', () => {
    const error = refusal(() =>
      parseTaskCommand(
        'AssignTask',
        { ...assignData(), title: ' ', deadline: 'Q5/2026', assignee: { name: '', email: 'x' }, coordinatingAgencies: ['BTC', 'a b'] },
        ctx,
      ),
    );
    expect(error.kind).toBe('validation');
    expect(error.details.map((d) => d.field).sort()).toEqual([
      'assignee.email',
      'assignee.name',
      'coordinatingAgencies[1]',
      'deadline',
      'title',
    ]);
  });

  it('refuse a body that is not an object, naming the body', () => {
    for (const input of [null, [], 'text', 7]) {
      expect(refusal(() => parseTaskCommand('ReportProgress', input, ctx)).details).toEqual([
        { field: 'body', message: 'must be a JSON object' },
      ]);
    }
  });

  it("check an extension's input alone; whether it is later than the deadline in force is the decider's", () => {
    const earlier = parseTaskCommand('ExtendDeadline', { newDeadline: '2026-01-15', reason: 'cần thêm thời gian' }, ctx);
    expect(earlier.data.newDeadline.due).toBe('2026-01-15T23:59:59.999+07:00');
    const state = evolveTask(initialTaskState(), assigned(), new Date('2026-01-05T09:00:00+07:00'));
    const error = refusal(() => decideTask(earlier, state, { ...ctx, at: new Date('2026-01-06T09:00:00+07:00') }));
    expect(error.details.map((d) => d.field)).toEqual(['newDeadline']);
    expect(refusal(() => parseTaskCommand('ExtendDeadline', { newDeadline: 'ongoing', reason: 'r' }, ctx)).details[0].field).toBe(
      'newDeadline',
    );
  });

  it('leave the deciders only the state: a well-formed command on a completed task is a 409, not a 400', () => {
    taskSpec
      .given([
        assigned(),
        {
          type: 'TaskCompleted',
          data: {
            taskId: assigned().data.taskId,
            completedAt: '2026-01-10T10:00:00+07:00',
            deliverableRef: null,
            note: null,
            dueAtCompletion: assigned().data.deadline.due,
            onTime: true,
          },
        },
      ])
      .when({ type: 'ReportProgress', data: { percent: 50 } })
      .thenThrows({ kind: 'conflict', code: 'invalid_transition' });
  });
});
