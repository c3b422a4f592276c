import { outboxFileName, redactUrl, rfc2822InVietnam } from './mail-transport';

describe('redactUrl', () => {
  it('hides the password of SMTP_URL and keeps the rest readable', () => {
    expect(redactUrl('smtp://mailer:S3cr%40t!@mail.example.gov.vn:587')).toBe('smtp://mailer:***@mail.example.gov.vn:587');
    expect(redactUrl('smtps://mailer:pw@mail.example.gov.vn')).not.toContain('pw');
  });

  it('hides secret-looking query parameters', () => {
    expect(redactUrl('smtp://mail.example:25/?pool=true&pass=abc')).toBe('smtp://mail.example:25/?pool=true&pass=***');
  });

  it('leaves a URL without credentials as it is', () => {
    expect(redactUrl('smtp://127.0.0.1:2525')).toBe('smtp://127.0.0.1:2525');
  });

  it('still hides a password in a URL it cannot parse', () => {
    expect(redactUrl('smtp://user:p@ss w0rd@host:25 x')).not.toContain('w0rd');
  });
});

describe('outboxFileName', () => {
  it('names the file after the Message-ID', () => {
    expect(outboxFileName('<n-1@dle.local>')).toBe('n-1@dle.local.eml');
  });

  it('cannot escape the outbox folder and maps distinct ids to distinct names', () => {
    const name = outboxFileName('<../../etc/passwd@x>');
    expect(name).not.toContain('/');
    expect(name.startsWith('.')).toBe(false);
    expect(outboxFileName('<a~2Fb@x>')).not.toBe(outboxFileName('<a/b@x>'));
    expect(outboxFileName('<.hidden@x>')).toBe('~2Ehidden@x.eml');
  });

  it('keeps names within file-system limits', () => {
    const long = outboxFileName(`<${'x'.repeat(1000)}@dle.local>`);
    expect(long.length).toBeLessThanOrEqual(255);
    expect(long).not.toBe(outboxFileName(`<${'x'.repeat(999)}@dle.local>`));
  });
});

describe('rfc2822InVietnam', () => {
  it('writes the moment in +07:00, across the day boundary', () => {
    expect(rfc2822InVietnam(new Date('2026-01-27T01:00:00Z'))).toBe('Tue, 27 Jan 2026 08:00:00 +0700');
    expect(rfc2822InVietnam(new Date('2026-01-31T20:30:05Z'))).toBe('Sun, 01 Feb 2026 03:30:05 +0700');
  });
});
