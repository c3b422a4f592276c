import { decideTask } from './decide-task';
import { evolveTask } from './evolve-task';
import { initialTaskState } from './task.state';

/** The task decider as one value (emmett style): decide, evolve, initialState. */
export const taskDecider = { decide: decideTask, evolve: evolveTask, initialState: initialTaskState };
