export type AgencyKind = 'ministry' | 'province' | 'agency';

export interface AgencyHead {
  name: string;
  title: string;
  email: string;
}

export interface AgencyRegistered {
  type: 'AgencyRegistered';
  data: { code: string; name: string; kind: AgencyKind; head: AgencyHead };
}

export interface AgencyHeadChanged {
  type: 'AgencyHeadChanged';
  data: { code: string; head: AgencyHead; previous: AgencyHead };
}

/**
 * Someone acts for the head over a period of calendar days, both inclusive ("Quyền Bộ trưởng",
 * "Thứ trưởng, phụ trách Bộ"): escalations meant for the head go to them then. Setting another
 * period replaces this one; a period already over ends nothing.
 */
export interface AgencyActingHeadSet {
  type: 'AgencyActingHeadSet';
  data: { code: string; actingHead: AgencyHead; from: string; to: string };
}

export type AgencyEvent = AgencyRegistered | AgencyHeadChanged | AgencyActingHeadSet;
