import { TotpVault, TotpVaultError } from './totp-vault';

describe('TotpVault', () => {
  const vault = new TotpVault('k'.repeat(40));
  const person = '0b7c6a1e-0000-4000-8000-000000000001';
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

  it('seals a secret so the stored text does not show it, and opens it again', () => {
    const sealed = vault.seal(person, secret);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(secret);
    expect(vault.open(person, sealed)).toEqual({ secret, legacy: false });
    expect(vault.seal(person, secret)).not.toBe(sealed); // a fresh IV each time
  });

  it('refuses a sealed secret moved to another person, altered, or read with another key', () => {
    const sealed = vault.seal(person, secret);
    expect(() => vault.open('0b7c6a1e-0000-4000-8000-000000000002', sealed)).toThrow(TotpVaultError);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').toString('base64url');
    expect(() => vault.open(person, parts.join('.'))).toThrow(TotpVaultError);
    expect(() => new TotpVault('x'.repeat(40)).open(person, sealed)).toThrow(TotpVaultError);
  });

  it('reads a secret stored in the clear before encryption as legacy, and nothing else', () => {
    expect(vault.open(person, secret)).toEqual({ secret, legacy: true });
    expect(() => vault.open(person, 'not a secret')).toThrow(TotpVaultError);
  });
});
