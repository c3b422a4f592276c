import { DEFAULT_MAIL_DOMAIN, mailDomainFrom, messageIdFor } from './message-id';

describe('messageIdFor', () => {
  it('is <noticeId@domain>, the same on every call, so a resend carries the same Message-ID', () => {
    expect(messageIdFor('n-42', 'vpcp.gov.vn')).toBe('<n-42@vpcp.gov.vn>');
    expect(messageIdFor('n-42', 'vpcp.gov.vn')).toBe(messageIdFor('n-42', 'vpcp.gov.vn'));
  });

  it('uses dle.local when no domain is given', () => {
    expect(messageIdFor('n-42')).toBe(`<n-42@${DEFAULT_MAIL_DOMAIN}>`);
    expect(DEFAULT_MAIL_DOMAIN).toBe('dle.local');
  });

  it('encodes characters a Message-ID may not carry, keeping distinct notices distinct', () => {
    expect(messageIdFor('task:1.rule:2', 'dle.local')).toBe('<task%3A1%2Erule%3A2@dle.local>');
    expect(messageIdFor('a%3A', 'dle.local')).not.toBe(messageIdFor('a:', 'dle.local'));
    expect(messageIdFor('thông báo', 'dle.local')).toBe('<th%C3%B4ng%20b%C3%A1o@dle.local>');
  });

  it('cannot be used to inject a header', () => {
    const id = messageIdFor('x>\r\nBcc: evil@example.org', 'dle.local');
    expect(id).not.toMatch(/[\r\n\s]/);
    expect(id).toMatch(/^<[^<>\s]+@dle\.local>$/);
  });

  it('lower-cases the domain and converts an internationalised one to ASCII', () => {
    expect(messageIdFor('n', 'VPCP.GOV.VN')).toBe('<n@vpcp.gov.vn>');
    expect(messageIdFor('n', 'chính-phủ.vn')).toMatch(/^<n@xn--/);
  });

  it('refuses an empty notice id or an unusable domain', () => {
    expect(() => messageIdFor('', 'dle.local')).toThrow(/empty/);
    expect(() => messageIdFor('n', 'bad domain\r\n')).toThrow(/domain/);
  });
});

describe('mailDomainFrom', () => {
  it('takes the domain of the MAIL_FROM address', () => {
    expect(mailDomainFrom('"Hệ thống theo dõi nhiệm vụ" <no-reply@vpcp.gov.vn>')).toBe('vpcp.gov.vn');
    expect(mailDomainFrom('no-reply@Example.ORG')).toBe('example.org');
    expect(mailDomainFrom('"Hệ thống theo dõi nhiệm vụ" <no-reply@localhost>')).toBe('localhost');
  });

  it('falls back to dle.local without a usable address', () => {
    expect(mailDomainFrom(undefined)).toBe('dle.local');
    expect(mailDomainFrom('')).toBe('dle.local');
    expect(mailDomainFrom('Hệ thống')).toBe('dle.local');
  });
});
