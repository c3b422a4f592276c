import { parseTaskCommand } from '../task/parse-task-command';
import { AssignTaskInput, TaskCommand } from '../task/task.commands';
import { TaskAssigned, TaskEvent } from '../task/task.events';
import { taskDecider } from '../task/task.decider';
import { TaskContext } from '../task/task.context';
import { TaskState } from '../task/task.state';
import { deciderSpec } from './given';
import { officialCalendar } from './official-calendar';

export const TZ = 'Asia/Ho_Chi_Minh';
export const calendar = officialCalendar();
export const TASK_ID = '6f1c2f86-2a0f-5d57-9a4e-3f3f2b7f0c11';
/** The default business time of given events and commands. */
export const ASSIGNED_AT = '2026-01-05T09:00:00+07:00';

/** A command as a client writes it, before the door parses it into a typed TaskCommand. */
export interface TaskInput {
  type: TaskCommand['type'];
  data: unknown;
}

/**
 * given/when/then over commands as written: each is parsed at the door (parseTaskCommand) and
 * decided, the path every API request and import row takes. Field faults come from the parser,
 * state faults from the decider.
 */
export const taskSpec = deciderSpec<TaskInput, TaskEvent, TaskState, TaskContext>(
  { ...taskDecider, decide: (input, state, ctx) => taskDecider.decide(parseTaskCommand(input.type, input.data, ctx), state, ctx) },
  (at) => ({ at, calendar, timeZone: TZ }),
  ASSIGNED_AT,
);

export function assignData(overrides: Partial<AssignTaskInput> = {}): AssignTaskInput {
  return {
    taskId: TASK_ID,
    code: 'NQ71-012',
    title: 'Hoàn thành cơ sở dữ liệu quốc gia về dân cư',
    description: 'Kết nối, chia sẻ dữ liệu dân cư với các bộ, ngành',
    source: { kind: 'resolution', ref: '71/NQ-CP', issuedOn: '2025-04-01' },
    leadAgency: 'BCA',
    coordinatingAgencies: ['BKHCN'],
    assignee: { name: 'Nguyễn Văn A', email: 'a@bca.gov.vn' },
    deliverable: 'Báo cáo kết quả kết nối',
    approver: 'Phó Thủ tướng',
    deadline: '2026-01-30',
    priority: 'high',
    ...overrides,
  };
}

/** The TaskAssigned the default assignment produces (deadline Friday 2026-01-30, a working day). */
export function assigned(overrides: Partial<TaskAssigned['data']> = {}): TaskAssigned {
  return {
    type: 'TaskAssigned',
    data: {
      taskId: TASK_ID,
      code: 'NQ71-012',
      title: 'Hoàn thành cơ sở dữ liệu quốc gia về dân cư',
      description: 'Kết nối, chia sẻ dữ liệu dân cư với các bộ, ngành',
      source: { kind: 'resolution', ref: '71/NQ-CP', issuedOn: '2025-04-01' },
      leadAgency: 'BCA',
      coordinatingAgencies: ['BKHCN'],
      assignee: { name: 'Nguyễn Văn A', email: 'a@bca.gov.vn' },
      deliverable: 'Báo cáo kết quả kết nối',
      approver: 'Phó Thủ tướng',
      priority: 'high',
      deadline: { expression: '2026-01-30', lastDay: '2026-01-30', due: '2026-01-30T23:59:59.999+07:00', adjusted: false },
      clarity: {
        person: true,
        task: true,
        time: true,
        responsibility: true,
        deliverable: true,
        authority: true,
        missing: [],
      },
      ...overrides,
    },
  };
}

export const ongoingAssigned = (): TaskAssigned =>
  assigned({
    deadline: { expression: 'ongoing', lastDay: null, due: null, adjusted: false },
    clarity: { ...assigned().data.clarity, time: false, missing: ['time'] },
  });

export const completed = (completedAt: string, onTime = true, dueAtCompletion = '2026-01-30T23:59:59.999+07:00'): TaskEvent => ({
  type: 'TaskCompleted',
  data: { taskId: TASK_ID, completedAt, deliverableRef: null, note: null, dueAtCompletion, onTime },
});

export const cancelled = (): TaskEvent => ({ type: 'TaskCancelled', data: { taskId: TASK_ID, reason: 'superseded' } });
export const reopened = (): TaskEvent => ({ type: 'TaskReopened', data: { taskId: TASK_ID, reason: 'deliverable incomplete' } });

/** The default task's deadline extended from 30/01/2026 to 10/02/2026. */
export const extendedToFeb10: TaskEvent = {
  type: 'DeadlineExtended',
  data: {
    taskId: TASK_ID,
    previous: assigned().data.deadline,
    deadline: { expression: '2026-02-10', lastDay: '2026-02-10', due: '2026-02-10T23:59:59.999+07:00', adjusted: false },
    reason: 'r',
    decisionRef: null,
    requestId: null,
  },
};
