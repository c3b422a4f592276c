import { AgencyHead, AgencyKind } from './agency.events';

export interface AgencyState {
  exists: boolean;
  code: string | null;
  name: string | null;
  kind: AgencyKind | null;
  /** the head now */
  head: AgencyHead | null;
  /** every head with the business time they took office (UTC ISO), oldest first */
  heads: { head: AgencyHead; from: string }[];
  /** who acts for the head, over calendar days (inclusive) */
  actingHead: { head: AgencyHead; from: string; to: string } | null;
  version: number;
}

export function initialAgencyState(): AgencyState {
  return { exists: false, code: null, name: null, kind: null, head: null, heads: [], actingHead: null, version: 0 };
}
