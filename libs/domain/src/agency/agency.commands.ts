import { Command } from '../shared/command';
import { AgencyHead, AgencyKind } from './agency.events';

export type RegisterAgency = Command<'RegisterAgency', { code: string; name: string; kind: AgencyKind; head: AgencyHead }>;
export type ChangeAgencyHead = Command<'ChangeAgencyHead', { head: AgencyHead }>;
export type SetActingHead = Command<'SetActingHead', { actingHead: AgencyHead; from: string; to: string }>;
export type AgencyCommand = RegisterAgency | ChangeAgencyHead | SetActingHead;
