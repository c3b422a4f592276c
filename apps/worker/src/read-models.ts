import { Projection, readModelProjections } from '@app/projections';

/**
 * Every read model the projector keeps current, in the order it applies them. The worker, the
 * API (for the tables it queries) and `npm run cli -- rebuild` all use this one list: a read
 * model is added here and nowhere else.
 */
export function allReadModels(): Projection[] {
  return [...readModelProjections()];
}
