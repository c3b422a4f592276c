import { acknowledgementUrl, signAckToken, verifyAckToken } from './ack-token';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const claims = { noticeId: 'n-0123456789abcdef', recipient: 'Head@BCA.example.org', expiresAt: new Date('2026-03-24T01:00:00Z') };
const before = new Date('2026-03-10T01:00:00Z');

describe('acknowledgement tokens', () => {
  it('round-trips the notice, the recipient (lower case) and the expiry, base64url only', () => {
    const token = signAckToken(claims, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyAckToken(token, SECRET, before)).toEqual({
      ok: true,
      claims: { noticeId: claims.noticeId, recipient: 'head@bca.example.org', expiresAt: claims.expiresAt },
    });
  });

  it('refuses a token signed with another secret, or with any character of the payload or signature changed', () => {
    const token = signAckToken(claims, SECRET);
    expect(verifyAckToken(token, `${SECRET}x`, before)).toEqual({ ok: false, reason: 'forged' });
    const [payload, signature] = token.split('.');
    const other = signAckToken({ ...claims, noticeId: 'n-other' }, SECRET).split('.')[0];
    expect(verifyAckToken(`${other}.${signature}`, SECRET, before)).toEqual({ ok: false, reason: 'forged' });
    const flipped = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    expect(verifyAckToken(`${flipped(payload, 3)}.${signature}`, SECRET, before).ok).toBe(false);
    expect(verifyAckToken(`${payload}.${flipped(signature, 5)}`, SECRET, before)).toEqual({ ok: false, reason: 'forged' });
  });

  it('calls anything else malformed', () => {
    for (const bad of ['', 'abc', 'a.b.c', 'a b.c', `${'a'.repeat(2000)}.b`, '%%%.x']) {
      expect(verifyAckToken(bad, SECRET, before)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('is expired from its expiry on, still naming the letter', () => {
    const token = signAckToken(claims, SECRET);
    expect(verifyAckToken(token, SECRET, new Date(claims.expiresAt.getTime() - 1000)).ok).toBe(true);
    expect(verifyAckToken(token, SECRET, claims.expiresAt)).toMatchObject({
      ok: false,
      reason: 'expired',
      claims: { noticeId: claims.noticeId },
    });
  });

  it('makes the link under PUBLIC_URL', () => {
    expect(acknowledgementUrl('https://theodoi.example.gov.vn/', 'p.s')).toBe('https://theodoi.example.gov.vn/api/v1/acknowledgements/p.s');
  });
});
