import { objectInput } from '../shared/object-input';
import { identifier, requiredText } from '../shared/text';
import { AddComment } from './task.commands';
import { CommentAdded } from './task.events';
import { requireTask } from './task.guards';
import { TaskState } from './task.state';

/** A comment of at most 4,000 characters, several lines allowed; its id is the server's. */
export function parseAddComment(input: unknown): AddComment {
  const d = objectInput(input);
  return {
    type: 'AddComment',
    data: { commentId: identifier(d.commentId, 'commentId'), text: requiredText(d.text, 'text', { multiline: true, max: 4000 }) },
  };
}

/** Any existing task takes comments, open or not: a question about a closed task is still a question. */
export function decideAddComment(command: AddComment, state: TaskState): CommentAdded[] {
  requireTask(state);
  return [{ type: 'CommentAdded', data: { taskId: state.taskId as string, ...command.data } }];
}
