import { PermanentMailError, TemporaryMailError, classifyMailError, toMailError } from './mail-errors';

const smtpReply = (responseCode: number, code = 'EENVELOPE') => Object.assign(new Error(`${responseCode} no`), { code, responseCode });
const systemError = (code: string, originalCode?: string) => Object.assign(new Error(code), { code, originalCode });

describe('classifyMailError', () => {
  it.each([550, 551, 552, 553, 554])('treats SMTP %i as permanent', (code) => {
    expect(classifyMailError(smtpReply(code))).toBe('permanent');
  });

  it.each([421, 450, 451, 452])('treats SMTP %i as temporary', (code) => {
    expect(classifyMailError(smtpReply(code))).toBe('temporary');
  });

  it('treats 503 (bad sequence of commands) as temporary: it is about the session, not the message', () => {
    expect(classifyMailError(smtpReply(503))).toBe('temporary');
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNECTION', 'ESOCKET', 'EDNS', 'EAI_AGAIN'])(
    'treats %s (server unreachable or slow) as temporary',
    (code) => {
      expect(classifyMailError(systemError(code))).toBe('temporary');
    },
  );

  it('looks through nodemailer wrapping to the original socket error', () => {
    expect(classifyMailError(systemError('ESOCKET', 'ECONNREFUSED'))).toBe('temporary');
  });

  it('treats an envelope error without a server reply (invalid address) as permanent', () => {
    expect(classifyMailError(systemError('EENVELOPE'))).toBe('permanent');
  });

  it('keeps wrong credentials temporary so notices wait for the operator instead of failing', () => {
    expect(classifyMailError(systemError('EAUTH'))).toBe('temporary');
  });

  it('treats anything unknown as temporary, since the queue bounds retries', () => {
    expect(classifyMailError(new Error('???'))).toBe('temporary');
    expect(classifyMailError('string thrown')).toBe('temporary');
  });

  it('keeps the kind of its own errors', () => {
    expect(classifyMailError(new PermanentMailError('x'))).toBe('permanent');
    expect(classifyMailError(new TemporaryMailError('x'))).toBe('temporary');
  });
});

describe('toMailError', () => {
  it('wraps with the SMTP details and the cause, scrubbing secrets from the text', () => {
    const cause = Object.assign(new Error('535 bad password hunter22'), {
      code: 'EENVELOPE',
      responseCode: 550,
      response: '550 hunter22',
      command: 'RCPT TO',
    });
    const err = toMailError(cause, 'sending', (t) => t.replace('hunter22', '***'));
    expect(err).toBeInstanceOf(PermanentMailError);
    expect(err.message).toBe('sending: 535 bad password ***');
    expect(err).toMatchObject({
      responseCode: 550,
      response: '550 ***',
      command: 'RCPT TO',
      code: 'EENVELOPE',
      name: 'PermanentMailError',
    });
    expect(err.cause).toBe(cause);
  });
});
