import { AgencyHead } from './agency.events';
import { AgencyState } from './agency.state';

/**
 * The head in office at business time `at`: the one who took office latest by then (a backdated
 * change counts from its own time); null before the agency was registered.
 */
export function headAsOf(state: AgencyState, at: Date): AgencyHead | null {
  let current: { head: AgencyHead; from: number } | null = null;
  for (const { head, from } of state.heads) {
    const since = Date.parse(from);
    if (since <= at.getTime() && (current === null || since >= current.from)) current = { head, from: since };
  }
  return current?.head ?? null;
}
