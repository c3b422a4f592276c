import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signature (HMAC-SHA256 over "<timestamp>.<body>")', () => {
  const secret = 'shared-secret';
  const body = JSON.stringify({ type: 'notice', notice: { noticeId: 'n-1', subject: 'V/v đôn đốc' } });
  const now = 1_767_225_600;

  it('verifies what it signed, within the tolerance', () => {
    const header = signWebhook(secret, body, now);
    expect(header).toMatch(/^t=1767225600,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, body, header, now + 299)).toBe(true);
  });

  it('refuses a changed body, another secret, an old timestamp, a missing or malformed header', () => {
    const header = signWebhook(secret, body, now);
    expect(verifyWebhook(secret, body.replace('n-1', 'n-2'), header, now)).toBe(false);
    expect(verifyWebhook('other-secret', body, header, now)).toBe(false);
    expect(verifyWebhook(secret, body, header, now + 301)).toBe(false);
    expect(verifyWebhook(secret, body, header.replace(`t=${now}`, `t=${now + 1}`), now)).toBe(false);
    expect(verifyWebhook(secret, body, undefined, now)).toBe(false);
    expect(verifyWebhook(secret, body, 't=abc,v1=zz', now)).toBe(false);
  });
});
