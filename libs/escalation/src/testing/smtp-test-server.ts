import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/**
 * An in-process SMTP server for integration tests: real SMTP on 127.0.0.1, every accepted
 * message parsed with mailparser, failures on demand, and stop/restart on the same port for
 * "SMTP down, then up" scenarios. No TLS, no real auth: any credentials are accepted so tests
 * can also exercise SMTP_URLs with a user and password.
 */

/** Where a scripted rejection answers: at MAIL FROM, at RCPT TO (every recipient of the message), or after DATA. */
export type SmtpRejectStage = 'MAIL' | 'RCPT' | 'DATA';

export interface ReceivedMail extends ParsedMail {
  /** the SMTP envelope, which may differ from the headers (Bcc, header injection attempts) */
  envelope: { mailFrom: string | null; rcptTo: string[] };
  /** the message exactly as received, for byte-level assertions */
  raw: Buffer;
  /** user name given with AUTH, if any */
  authUser: string | null;
}

export interface SmtpTestServerOptions {
  /** 0 or unset: a free port chosen by the OS, kept for restart() */
  port?: number;
  host?: string;
}

export interface SmtpTestServer {
  readonly port: number;
  /** `smtp://127.0.0.1:<port>` */
  readonly url: string;
  /** accepted messages in arrival order */
  readonly messages: ReceivedMail[];
  /** Resolves with the messages once at least `count` have arrived; rejects after timeoutMs (default 5000). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /**
   * Rejects the next `times` (default 1) messages with `code` (e.g. 550 permanent, 451
   * temporary), at RCPT TO by default. Counted per message, not per recipient.
   */
  rejectNext(code: number, times?: number, stage?: SmtpRejectStage): void;
  /**
   * Refuses RCPT TO for one address with `code` (`times` times, default always), leaving the
   * other recipients of the message alone: partial delivery and per-address bounces.
   */
  rejectRecipient(address: string, code: number, times?: number): void;
  /** messages refused by rejectNext so far */
  readonly rejectedCount: number;
  /** Forgets received messages and pending rejections (between tests sharing one server). */
  clear(): void;
  /** Stops listening and drops open connections at once (a crashed server, not a polite one). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  readonly running: boolean;
}

const DEFAULT_WAIT_MS = 5_000;

export async function startSmtpTestServer(opts: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const host = opts.host ?? '127.0.0.1';
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const rejections: Array<{ code: number; stage: SmtpRejectStage }> = [];
  /** transactions already picked for rejection at RCPT, so each counts once */
  const rejectingTransactions = new Map<string, number>();
  /** lower-cased address → remaining refusals and the code */
  const recipientRejections = new Map<string, { code: number; remaining: number }>();
  let rejectedCount = 0;
  let port = opts.port ?? 0;
  let server: SMTPServer | null = null;

  const transactionKey = (session: SMTPServerSession) => `${session.id}:${session.transaction}`;
  const smtpError = (code: number) =>
    Object.assign(new Error(code >= 500 ? 'Rejected by test server (permanent)' : 'Rejected by test server, try again later'), {
      responseCode: code,
    });
  const takeRejection = (stage: SmtpRejectStage): number | null => {
    if (rejections.length === 0 || rejections[0].stage !== stage) return null;
    rejectedCount++;
    return rejections.shift()!.code;
  };
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const create = () =>
    new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      // A reverse DNS lookup per connection hangs or slows tests on machines without DNS.
      disableReverseLookup: true,
      logger: false,
      banner: 'dle smtp test server',
      // stop() closes connections itself; this only bounds a close that races with it.
      closeTimeout: 100,
      onAuth(auth, _session, callback) {
        callback(null, { user: auth.username ?? 'anonymous' });
      },
      onMailFrom(_address, session, callback) {
        // A new MAIL FROM starts a new transaction even when the counter did not move (no DATA
        // after a refused RCPT): a rejection scripted for the last one must not carry over.
        rejectingTransactions.delete(transactionKey(session));
        const code = takeRejection('MAIL');
        callback(code === null ? null : smtpError(code));
      },
      onRcptTo(address, session, callback) {
        const perAddress = recipientRejections.get(address.address.toLowerCase());
        if (perAddress && perAddress.remaining > 0) {
          perAddress.remaining--;
          return callback(smtpError(perAddress.code));
        }
        const key = transactionKey(session);
        const picked = rejectingTransactions.get(key) ?? takeRejection('RCPT');
        if (picked === null) return callback();
        rejectingTransactions.set(key, picked);
        callback(smtpError(picked));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (err) => callback(err));
        stream.on('end', () => {
          // The stream must be read to its end before answering, even to refuse it.
          const code = takeRejection('DATA');
          if (code !== null) return callback(smtpError(code));
          const raw = Buffer.concat(chunks);
          const envelope = {
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
          };
          const authUser = typeof session.user === 'string' ? session.user : null;
          simpleParser(raw).then(
            (parsed) => {
              // Stored before the 250 reply, so a resolved send() means the message is here.
              messages.push(Object.assign(parsed, { envelope, raw, authUser }));
              callback();
              notify();
            },
            (err: Error) =>
              callback(Object.assign(new Error(`test server could not parse the message: ${err.message}`), { responseCode: 451 })),
          );
        });
      },
    });

  const listen = async () => {
    const candidate = create();
    // A port freed by stop() can be briefly unavailable; retry instead of failing the test.
    for (let attempt = 0; ; attempt++) {
      try {
        await new Promise<void>((resolve, reject) => {
          const onError = (err: Error) => reject(err);
          candidate.server.once('error', onError);
          candidate.listen(port, host, () => {
            candidate.server.off('error', onError);
            resolve();
          });
        });
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0 || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    // Errors after start (a client resetting mid-session) must not crash the test process.
    candidate.on('error', () => undefined);
    port = (candidate.server.address() as AddressInfo).port;
    server = candidate;
  };

  await listen();

  const api: SmtpTestServer = {
    get port() {
      return port;
    },
    get url() {
      return `smtp://${host}:${port}`;
    },
    messages,
    get rejectedCount() {
      return rejectedCount;
    },
    get running() {
      return server !== null;
    },
    waitFor(count, timeoutMs = DEFAULT_WAIT_MS) {
      if (messages.length >= count) return Promise.resolve([...messages]);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve([...messages]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP test server: expected ${count} message(s) within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    rejectNext(code, times = 1, stage = 'RCPT') {
      assertSmtpCode(code);
      for (let i = 0; i < times; i++) rejections.push({ code, stage });
    },
    rejectRecipient(address, code, times = Number.POSITIVE_INFINITY) {
      assertSmtpCode(code);
      recipientRejections.set(address.toLowerCase(), { code, remaining: times });
    },
    clear() {
      messages.length = 0;
      recipientRejections.clear();
      rejections.length = 0;
      rejectingTransactions.clear();
      rejectedCount = 0;
    },
    async stop() {
      const current = server;
      if (!current) return;
      server = null;
      const closed = new Promise<void>((resolve) => current.close(() => resolve()));
      // Drop live sessions now, like a crashed server: clients see the connection close.
      for (const connection of current.connections) {
        try {
          connection.close();
        } catch {
          // already closing
        }
      }
      await closed;
    },
    async restart() {
      await api.stop();
      await listen();
    },
  };
  return api;
}

function assertSmtpCode(code: number): void {
  if (!Number.isInteger(code) || code < 400 || code > 599) throw new Error(`${code} is not a 4xx/5xx SMTP reply code`);
}
