import { decideAgency } from './decide-agency';
import { evolveAgency } from './evolve-agency';
import { initialAgencyState } from './agency.state';

export const agencyDecider = { decide: decideAgency, evolve: evolveAgency, initialState: initialAgencyState };
