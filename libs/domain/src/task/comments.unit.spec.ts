import { TASK_ID, assigned, cancelled, taskSpec } from '../testing/task-fixtures';

const comment = (text: unknown) => ({ type: 'AddComment' as const, data: { commentId: 'c1', text } });

describe('AddComment', () => {
  it('adds a comment, several lines kept, to an open or a closed task', () => {
    taskSpec
      .given([assigned()])
      .when(comment('Đề nghị bổ sung.\nCảm ơn.'))
      .then([{ type: 'CommentAdded', data: { taskId: TASK_ID, commentId: 'c1', text: 'Đề nghị bổ sung.\nCảm ơn.' } }]);
    taskSpec
      .given([assigned(), cancelled()])
      .when(comment('Vì sao hủy?'))
      .thenState((state) => expect(state.comments).toBe(1));
  });

  it('refuses an empty or oversized comment, naming text, and a comment on no task', () => {
    taskSpec.given([assigned()]).when(comment('  ')).thenThrows({ kind: 'validation', field: 'text' });
    taskSpec
      .given([assigned()])
      .when(comment('x'.repeat(4001)))
      .thenThrows({ kind: 'validation', field: 'text' });
    taskSpec.given([]).when(comment('?')).thenThrows({ kind: 'not_found' });
  });
});
