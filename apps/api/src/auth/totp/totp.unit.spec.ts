import { checkTotp, newTotpSecret, totpCodeAt, totpUri } from './totp';

describe('TOTP second factor', () => {
  const secret = newTotpSecret();
  const t0 = new Date('2026-12-05T02:00:10Z');

  it('makes a base32 secret and an otpauth link an authenticator app reads', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(totpUri(secret, 'nguyen.van.a@mic.gov.vn', 'Theo dõi nhiệm vụ'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('period') ?? '30').toBe('30'); // 30 s is the default apps assume
    expect(uri.searchParams.get('issuer')).toBe('Theo dõi nhiệm vụ');
    expect(decodeURIComponent(uri.pathname)).toContain('nguyen.van.a@mic.gov.vn');
  });

  it('accepts the current code, one step early or late, with spaces, and says which step it matched', () => {
    const code = totpCodeAt(secret, t0);
    const now = checkTotp(secret, code, t0);
    expect(now).toEqual({ ok: true, step: Math.floor(t0.getTime() / 30000) });
    expect(checkTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, t0).ok).toBe(true);
    expect(checkTotp(secret, code, new Date(t0.getTime() + 30_000)).ok).toBe(true);
    expect(checkTotp(secret, totpCodeAt(secret, new Date(t0.getTime() + 30_000)), t0).ok).toBe(true);
  });

  it('refuses a stale code, a wrong one, garbage, and a code replayed after it was used', () => {
    const code = totpCodeAt(secret, t0);
    expect(checkTotp(secret, code, new Date(t0.getTime() + 90_000)).ok).toBe(false);
    expect(checkTotp(secret, code === '000000' ? '111111' : '000000', t0).ok).toBe(false);
    expect(checkTotp(secret, '12ab56', t0).ok).toBe(false);
    const first = checkTotp(secret, code, t0);
    if (!first.ok) throw new Error('the current code must pass');
    expect(checkTotp(secret, code, t0, first.step).ok).toBe(false);
    expect(checkTotp(secret, totpCodeAt(secret, new Date(t0.getTime() + 30_000)), new Date(t0.getTime() + 30_000), first.step).ok).toBe(
      true,
    );
  });
});
