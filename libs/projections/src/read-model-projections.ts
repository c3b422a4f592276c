import { AgencyProjection } from './agencies/agency-projection';
import { PeopleProjection } from './people/people-projection';
import type { Projection } from './projector/projection';
import { SettingsProjection } from './settings/settings-projection';
import { TaskHistoryProjection } from './tasks/task-history-projection';
import { TaskProjection } from './tasks/task-projection';

/**
 * The core read models (agencies, tasks, their history, settings, people). The full list, with the read models of
 * higher libraries (escalation, reports), is `allReadModels()` in libs/runtime/src/read-models.ts.
 */
export function readModelProjections(timeZone?: string): Projection[] {
  return [
    new AgencyProjection(),
    new TaskProjection(timeZone),
    new TaskHistoryProjection(),
    new SettingsProjection(),
    new PeopleProjection(),
  ];
}
