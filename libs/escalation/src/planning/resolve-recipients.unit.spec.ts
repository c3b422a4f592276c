import { RecipientDirectory, recipientsFrom } from './resolve-recipients';

const directory: RecipientDirectory = {
  heads: new Map([['BCA', { name: 'Lương Tam Quang', title: 'Bộ trưởng', email: 'bo-truong@bca.example.org' }]]),
  coordinators: ['vpcp@example.org', 'ksTT@example.org'],
};
const task = { leadAgency: 'BCA', assignee: { name: 'Nguyễn Văn An', email: 'an@bca.example.org' } };

describe('recipientsFrom: rule keywords resolved to addresses', () => {
  it('resolves assignee, agency head, coordinators and named addresses in the rule order', () => {
    const list = recipientsFrom(
      directory,
      { recipients: ['assignee', 'agency_head', 'coordinators', 'email:thanh-tra@example.org'] },
      task,
    );
    expect(list).toEqual([
      { email: 'an@bca.example.org', name: 'Nguyễn Văn An', title: null, agency: 'BCA', as: 'assignee' },
      { email: 'bo-truong@bca.example.org', name: 'Lương Tam Quang', title: 'Bộ trưởng', agency: 'BCA', as: 'agency_head' },
      { email: 'vpcp@example.org', name: null, title: null, agency: null, as: 'coordinators' },
      { email: 'ksTT@example.org', name: null, title: null, agency: null, as: 'coordinators' },
      { email: 'thanh-tra@example.org', name: null, title: null, agency: null, as: 'email' },
    ]);
  });

  it('lists an address once, whatever its case, under the first keyword naming it', () => {
    const list = recipientsFrom(directory, { recipients: ['coordinators', 'email:KSTT@example.org', 'email:VPCP@EXAMPLE.org'] }, task);
    expect(list.map((r) => [r.email, r.as])).toEqual([
      ['vpcp@example.org', 'coordinators'],
      ['ksTT@example.org', 'coordinators'],
    ]);
  });

  it('skips an assignee without an email and an agency without a known head', () => {
    expect(
      recipientsFrom(directory, { recipients: ['assignee', 'agency_head'] }, { leadAgency: 'BTC', assignee: { name: 'A', email: null } }),
    ).toEqual([]);
  });
});
