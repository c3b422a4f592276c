import { AgencyProjection } from './agencies/agency-projection';
import { PeopleProjection } from './people/people-projection';
import type { Projection } from './projector/projection';
import { SettingsProjection } from './settings/settings-projection';
import { TaskHistoryProjection } from './tasks/task-history-projection';
import { TaskImages } from './tasks/task-images';
import { TaskProjection } from './tasks/task-projection';

/**
 * The core read models (agencies, tasks, their history, settings, people). The full list, with the read models of
 * higher libraries (escalation, reports), is `allReadModels()` in libs/runtime/src/read-models.ts.
 * `replayStatesKept`: how many fold states a replay keeps in memory (tests make it small).
 */
export function readModelProjections(timeZone?: string, replayStatesKept?: number): Projection[] {
  const images = new TaskImages();
  return [
    new AgencyProjection(),
    new TaskProjection(timeZone, replayStatesKept, images),
    new TaskHistoryProjection(images),
    new SettingsProjection(),
    new PeopleProjection(),
  ];
}
