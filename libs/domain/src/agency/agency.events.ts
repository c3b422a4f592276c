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

export type AgencyEvent = AgencyRegistered | AgencyHeadChanged;
