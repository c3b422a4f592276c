import { useState } from 'preact/hooks';
import type { ApiPath } from '../../api';
import { useApp } from '../../context';
import type { TaskDetail } from '../../types';

/** What the task forms share: posting a command with its messages by field, and reading typed values. */
/** The task commands a form posts: `/tasks/{id}/<action>` of the API. */
export type TaskAction =
  ApiPath<'post'> extends infer P ? (P extends `/tasks/{id}/${infer A}` ? (A extends `${string}/${string}` ? never : A) : never) : never;

/** Posts one command; on 4xx keeps the form open with the API's messages next to the fields. */
export function useCommand(
  task: TaskDetail,
  path: TaskAction,
  onDone: (message: string) => void,
  okKey: Parameters<ReturnType<typeof useApp>['t']>[0],
) {
  const { api, notify, t } = useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await api.postDraft(`/tasks/{id}/${path}`, { id: task.code }, body);
      notify(t(okKey, { code: task.code }));
      onDone('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

export const numberOrRaw = (value: string): unknown =>
  value.trim() === '' ? undefined : Number.isNaN(Number(value)) ? value : Number(value);

export const textOrUndefined = (value: string): string | undefined => (value.trim() === '' ? undefined : value);

export const DEADLINE_HINT = 'form.deadlineHint';
