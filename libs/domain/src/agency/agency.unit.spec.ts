import { deciderSpec } from '../testing/given';
import { AgencyCommand } from './agency.commands';
import { agencyDecider } from './agency.decider';
import { AgencyEvent, AgencyHead } from './agency.events';
import { AgencyState } from './agency.state';
import { headAsOf } from './head-as-of';
import { parseChangeAgencyHead, parseRegisterAgency, parseSetActingHead } from './parse-agency-commands';

/** Commands as written, parsed at the door and then decided (the API's path). */
const parse = (command: AgencyCommand): AgencyCommand =>
  command.type === 'RegisterAgency'
    ? parseRegisterAgency(command.data)
    : command.type === 'ChangeAgencyHead'
      ? parseChangeAgencyHead(command.data.head)
      : parseSetActingHead({ ...command.data.actingHead, from: command.data.from, to: command.data.to });
const spec = deciderSpec<AgencyCommand, AgencyEvent, AgencyState, void>(
  { ...agencyDecider, decide: (command, state) => agencyDecider.decide(parse(command), state) },
  () => undefined,
  '2025-01-02T08:00:00+07:00',
);
const minister: AgencyHead = { name: 'Đại tướng Lương Tam Quang', title: 'Bộ trưởng', email: 'bt@bca.gov.vn' };
const successor: AgencyHead = { name: 'Nguyễn Văn B', title: 'Bộ trưởng', email: 'b@bca.gov.vn' };
const register = (overrides = {}): AgencyCommand => ({
  type: 'RegisterAgency',
  data: { code: 'BCA', name: 'Bộ Công an', kind: 'ministry', head: minister, ...overrides },
});
const registered: AgencyEvent = { type: 'AgencyRegistered', data: { code: 'BCA', name: 'Bộ Công an', kind: 'ministry', head: minister } };
const changeHead = (head: AgencyHead): AgencyCommand => ({ type: 'ChangeAgencyHead', data: { head } });
const headChanged: AgencyEvent = { type: 'AgencyHeadChanged', data: { code: 'BCA', head: successor, previous: minister } };

describe('agency decider', () => {
  it('registers an agency with its head', () => {
    spec.given([]).when(register()).then([registered]);
  });

  it('refuses to register a code twice', () => {
    spec.given([registered]).when(register()).thenThrows({ kind: 'conflict', code: 'duplicate_agency' });
  });

  it('refuses an unknown kind and a head without an email, naming both', () => {
    const when = spec.given([]).when(register({ kind: 'company', head: { ...minister, email: '' } }));
    when.thenThrows({ kind: 'validation', field: 'kind' });
    when.thenThrows({ kind: 'validation', field: 'head.email' });
  });

  it('refuses CR/LF in a head title (it reaches email headers)', () => {
    spec
      .given([])
      .when(register({ head: { ...minister, title: 'Bộ trưởng\r\nBcc: x@evil.test' } }))
      .thenThrows({ kind: 'validation', field: 'head.title' });
  });

  it('changes the head, recording the previous one', () => {
    spec.given([registered]).when(changeHead(successor)).then([headChanged]);
  });

  it('produces nothing when the same head is set again', () => {
    spec
      .given([registered])
      .when(changeHead({ ...minister }))
      .then([]);
  });

  it('refuses to change the head of an unknown agency', () => {
    spec.given([]).when(changeHead(successor)).thenThrows({ kind: 'not_found' });
  });
});

describe('headAsOf', () => {
  const { state } = spec.given([
    { event: registered, at: '2025-01-02T08:00:00+07:00' },
    { event: headChanged, at: '2025-10-01T08:00:00+07:00' },
  ]);

  it('answers with the head in office at that moment', () => {
    expect(headAsOf(state, new Date('2025-09-30T23:00:00+07:00'))).toEqual(minister);
    expect(headAsOf(state, new Date('2025-10-01T08:00:00+07:00'))).toEqual(successor);
    expect(state.head).toEqual(successor);
    expect(state.version).toBe(2);
  });

  it('has no head before the agency was registered', () => {
    expect(headAsOf(state, new Date('2024-12-31T00:00:00+07:00'))).toBeNull();
  });

  it('sets an acting head for a period, names a bad period, and records nothing when the same period is set again', () => {
    const acting = { name: 'Trần Quốc Tỏ', title: 'Thứ trưởng, phụ trách Bộ', email: 'to.tq@bca.example.org' };
    expect(parseSetActingHead({ ...acting, from: '2026-03-01', to: '2026-03-31' }).data).toEqual({
      actingHead: acting,
      from: '2026-03-01',
      to: '2026-03-31',
    });
    expect(() => parseSetActingHead({ ...acting, from: '2026-03-31', to: '2026-03-01' })).toThrow(/to: must not be before from/);
    expect(() => parseSetActingHead({ ...acting, from: '01/03/2026', to: '2026-03-31' })).toThrow(/from: must be a date/);
  });
});
