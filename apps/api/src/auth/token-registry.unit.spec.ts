import { TokenRegistry } from './token-registry';

describe('TokenRegistry', () => {
  it('holds an agency token to the agency code in its stored form, however the operator wrote it', () => {
    const registry = new TokenRegistry([
      { token: 'agency-token-lower', role: 'agency', agency: 'bca' },
      { token: 'agency-token-wide', role: 'agency', agency: 'ＢＫＨＣＮ ' },
      { token: 'admin-token-0001', role: 'admin' },
    ]);
    expect(registry.resolve('agency-token-lower')).toMatchObject({ role: 'agency', agency: 'BCA' });
    expect(registry.resolve('agency-token-wide')).toMatchObject({ role: 'agency', agency: 'BKHCN' });
    expect(registry.resolve('admin-token-0001')).toMatchObject({ role: 'admin', agency: undefined });
    expect(registry.resolve('not-a-token')).toBeNull();
  });
});
