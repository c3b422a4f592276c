import { AgencyProjection } from './agencies/agency-projection';
import type { Projection } from './projector/projection';
import { SettingsProjection } from './settings/settings-projection';
import { TaskProjection } from './tasks/task-projection';

/**
 * The read models the projector keeps current, in the order it applies them. The worker's
 * projector and `npm run cli -- rebuild` must replay through the same list, so it lives here once.
 */
export function readModelProjections(): Projection[] {
  return [new AgencyProjection(), new TaskProjection(), new SettingsProjection()];
}
