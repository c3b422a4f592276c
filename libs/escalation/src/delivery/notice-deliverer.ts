import { Logger } from '@nestjs/common';
import { Clock, NoticeEvent, NoticeIssued, NoticeRecipient, noticeStreamId, taskStatus } from '@app/domain';
import { ConcurrencyError, EventStore, SqlDatabase, expect } from '@app/event-store';
import { correlationHeaders, correlationIdOf, currentCorrelationId, runWithCorrelation } from '@app/platform';
import type { ChannelNotice } from '../channels/channel';
import { EmailChannel } from '../channels/email/email-channel';
import type { WebhookRoutes } from '../channels/webhook/webhook-routes';
import { PermanentMailError, TemporaryMailError } from '../mail/mail-errors';
import type { MailTransport } from '../mail/mail-transport';
import { hasControlChars } from '../mail/mail-safety';
import { mailDomainFrom, messageIdFor } from '../mail/message-id';
import type { IssuingOffice, NoticeMail, NoticeReader, NoticeRecipient as MailRecipient } from '../mail/notice-mail.types';
import { renderNoticeMail } from '../mail/render-notice-mail';
import { renderReportMail } from '../mail/render-report-mail';
import { renderWorkflowMail } from '../mail/render-workflow-mail';
import { ReportEdition, editionStreamId, renderEditionFile } from '@app/projections';
import { acknowledgementUrl, signAckToken } from '../acknowledgements/ack-token';
import { NoticeState, foldNotice, isTerminal } from '../notices/notice-state';
import type { NoticeQueue } from '../queue/notice-queue';
import { NoticeClaimedElsewhereError, NoticeClaims } from './notice-claims';
import { AgencyNames, loadTaskStates, noticeTask, staleItemReason } from './notice-tasks';
import { templateOverrides } from '../templates/template-overrides';

export interface DeliveryAttempt {
  /** 1 for the first try */
  number: number;
  /** no retry follows a failure of this one */
  last: boolean;
  /** when the queue will try again after a temporary failure */
  retryAt: Date | null;
}

export type DeliveryOutcome = 'delivered' | 'cancelled' | 'unchanged' | 'unknown';

export interface NoticeDelivererDeps {
  store: EventStore;
  db: SqlDatabase;
  transport: MailTransport;
  clock: Clock;
  queue: Pick<NoticeQueue, 'enqueueAlert'>;
  /** the cross-process send claim; without it only the in-process chaining guards a notice */
  claims?: NoticeClaims;
  /** NOTICE_WEBHOOKS: the webhook channel's targets per agency or rule */
  webhooks?: WebhookRoutes;
  onAppended?(position: number): void;
}

export interface NoticeDelivererOptions {
  /** MAIL_FROM */
  mailFrom: string;
  /** PUBLIC_URL, for task links */
  publicUrl: string;
  /** DEADLINE_TIMEZONE */
  timeZone: string;
  dueSoonDays?: number;
  templatesDir?: string;
  /** signature block and Reply-To of the letters */
  office?: IssuingOffice;
  /**
   * How long a delivery the SMTP server accepted keeps being recorded (the database is down)
   * before the job gives up for now; the accepted result stays in memory for its retry either way.
   */
  recordRetryMs?: number;
  /**
   * Signs the acknowledgement link of escalation letters (level 1 and up): the secret
   * (acknowledgementSecret) and ACK_TTL_DAYS, counted from the notice's fire time so a retried
   * job renders the same link. Unset: letters carry no link.
   */
  acknowledgements?: { secret: string; ttlDays: number };
}

const PROCESSOR_ACTOR = { role: 'system', name: 'mail-processor' };
const MAX_ERROR_LENGTH = 500;
const RECORD_RETRY_MS = 10 * 60_000;
const TEMPLATES_TTL_MS = 2_000;
const RECORD_BACKOFF_FIRST_MS = 250;
const RECORD_BACKOFF_MAX_MS = 5_000;
const ADDRESS = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+\.[^\s@<>()[\],;:"\\]+$/;

/**
 * Delivers one notice, given only its id (Novu's "jobs carry ids"): re-reads the notice stream
 * and does nothing once it is delivered, failed or cancelled; re-checks each task against its
 * own stream and cancels (or, for a digest, drops) what a completion or an extension made
 * stale; renders and sends with the notice's deterministic Message-ID; records the outcome as
 * an event appended with the version it read.
 *
 * Failures: TemporaryMailError is recorded as an attempt and rethrown for the queue's backoff,
 * except on the last attempt, which records NoticeFailed. PermanentMailError records
 * NoticeFailed at once and is rethrown (the worker turns it into BullMQ's UnrecoverableError).
 * Both final failures enqueue one alert to the admins.
 */
export class NoticeDeliverer {
  private readonly logger = new Logger(NoticeDeliverer.name);
  private readonly domain: string;
  /** runs per notice in this process, chained: a second job of one notice waits for the first */
  private readonly inProgress = new Map<string, Promise<unknown>>();
  private readonly agencyNames: AgencyNames;
  /**
   * Deliveries the SMTP server accepted whose NoticeDelivered could not be appended yet (the
   * database was down): a retry of the job records this instead of sending again.
   */
  private readonly acceptedUnrecorded = new Map<string, NoticeEvent>();
  private readonly email: EmailChannel;

  constructor(
    private readonly deps: NoticeDelivererDeps,
    private readonly options: NoticeDelivererOptions,
  ) {
    this.domain = mailDomainFrom(options.mailFrom);
    this.agencyNames = new AgencyNames(deps.db);
    this.email = new EmailChannel(deps.transport, options.mailFrom, () => deps.clock.now(), options.office?.replyTo);
  }

  /**
   * Two jobs of one notice can meet in a process (a flushed Redis re-enqueued a notice whose
   * old job is still running): the later one waits, then re-reads and finds the notice done.
   */
  async deliver(noticeId: string, attempt: DeliveryAttempt): Promise<DeliveryOutcome> {
    const previous = this.inProgress.get(noticeId);
    const run = (previous ? previous.catch(() => undefined) : Promise.resolve()).then(() => this.deliverNow(noticeId, attempt));
    this.inProgress.set(noticeId, run);
    try {
      return await run;
    } finally {
      if (this.inProgress.get(noticeId) === run) this.inProgress.delete(noticeId);
    }
  }

  /**
   * Sends only under the notice's claim (a lease row in PostgreSQL), taken before the notice is
   * re-read: a process that gets the claim after another one finished sees the delivery recorded.
   * The lease is renewed while the send and its recording run, and released at the end.
   */
  private async deliverNow(noticeId: string, attempt: DeliveryAttempt): Promise<DeliveryOutcome> {
    const claims = this.deps.claims;
    if (!claims) return this.deliverClaimed(noticeId, attempt);
    if (!(await claims.claim(noticeId))) throw new NoticeClaimedElsewhereError(noticeId);
    const renewal = setInterval(
      () => {
        claims
          .claim(noticeId)
          .then((held) => {
            if (!held) this.logger.error(`the claim on notice ${noticeId} was taken over while this process was sending it`);
          })
          .catch(() => undefined); // the database is down: the lease runs on, the next tick tries again
      },
      Math.max(100, Math.floor(claims.leaseMs / 3)),
    );
    renewal.unref();
    try {
      return await this.deliverClaimed(noticeId, attempt);
    } finally {
      clearInterval(renewal);
      // An unreleased lease only delays another process until it runs out.
      await claims.release(noticeId).catch((e) => this.logger.warn(`releasing the claim on ${noticeId} failed: ${(e as Error).message}`));
    }
  }

  private async deliverClaimed(noticeId: string, attempt: DeliveryAttempt): Promise<DeliveryOutcome> {
    const events = await this.deps.store.readStream(noticeStreamId(noticeId));
    const state = foldNotice(events);
    const accepted = this.acceptedUnrecorded.get(noticeId);
    if (accepted) {
      if (!isTerminal(state)) await this.recordAccepted(noticeId, state.version, accepted);
      this.acceptedUnrecorded.delete(noticeId);
      return 'delivered';
    }
    // Logs and the email carry the correlation id the notice was issued under.
    return runWithCorrelation(correlationIdOf(events[0]), () => this.deliverState(noticeId, state, attempt));
  }

  private async deliverState(noticeId: string, state: NoticeState, attempt: DeliveryAttempt): Promise<DeliveryOutcome> {
    if (!state.issued) {
      this.logger.warn(`notice ${noticeId} was never issued: nothing to deliver`);
      return 'unknown';
    }
    if (isTerminal(state)) return 'unchanged';
    try {
      return await this.attempt(state.issued, state, attempt);
    } catch (error) {
      await this.recordFailure(noticeId, state.version, error, attempt).catch((e) =>
        this.logger.error(`recording the failure of ${noticeId} failed: ${(e as Error).message}`),
      );
      throw error;
    }
  }

  private async attempt(issued: NoticeIssued['data'], state: NoticeState, attempt: DeliveryAttempt): Promise<DeliveryOutcome> {
    if (issued.kind === 'report') return this.attemptReport(issued, state, attempt);
    if (issued.kind === 'workflow') return this.attemptWorkflow(issued, state, attempt);
    const tasks = await loadTaskStates(
      this.deps.store,
      issued.items.map((i) => i.taskId),
    );
    const stale = issued.items.map((item) => staleItemReason(item, tasks.get(item.taskId)));
    const live = issued.items.filter((_, i) => stale[i] === null);
    if (live.length === 0) {
      const reason = [...new Set(stale)].join('; ');
      return (await this.record(issued.noticeId, state.version, { type: 'NoticeCancelled', data: { noticeId: issued.noticeId, reason } }))
        ? 'cancelled'
        : 'unchanged';
    }

    const valid = issued.recipients.filter((r) => isUsableAddress(r.email));
    const invalid = issued.recipients.filter((r) => !isUsableAddress(r.email)).map((r) => r.email);
    if (valid.length === 0) {
      throw new PermanentMailError(
        issued.recipients.length ? `no usable recipient address (${invalid.join(', ')})` : 'no recipient: the rule resolved to nobody',
      );
    }

    const firedAt = new Date(issued.fireAt);
    const agencyNames = await this.agencyNames.of([
      ...live.map((i) => tasks.get(i.taskId)!.leadAgency ?? ''),
      ...valid.map((r) => r.agency ?? ''),
    ]);
    const opts = { dueSoonDays: this.options.dueSoonDays ?? 7, timeZone: this.options.timeZone };
    const addressed = primaryRecipient(valid, issued.kind);
    const profile = await this.directoryEntry(addressed.email);
    // the directory fills in what the rule's resolution did not know (a coordinator's name and title)
    const addressee: NoticeRecipient = profile
      ? {
          ...addressed,
          name: addressed.name ?? profile.name,
          title: addressed.title ?? profile.title,
          agency: addressed.agency ?? profile.agency,
        }
      : addressed;
    const mail: NoticeMail = {
      noticeId: issued.noticeId,
      kind: issued.kind,
      level: issued.level,
      recipient: salutation(addressee, await this.agencyNames.of([addressee.agency ?? ''])),
      reader: readerOf(addressee, issued.kind),
      locale: profile?.language === 'en' ? 'en' : 'vi',
      round: live.length === 1 ? await this.roundOf(issued, live[0].taskId, addressee.email) : undefined,
      firedAt,
      acknowledgeUrl: this.acknowledgeUrl(issued, addressee.email),
      tasks: live.map((i) => {
        const task = tasks.get(i.taskId)!;
        return noticeTask(task, agencyNames, taskStatus(task, firedAt, opts));
      }),
    };
    const renderOptions = {
      publicUrl: this.options.publicUrl,
      timeZone: this.options.timeZone,
      templatesDir: this.options.templatesDir,
      office: this.options.office,
      templates: await this.templates(),
    };
    const rendered = renderNoticeMail(mail, renderOptions);
    const messageId = messageIdFor(issued.noticeId, this.domain);
    const letter: ChannelNotice = {
      noticeId: issued.noticeId,
      messageId,
      ruleId: issued.ruleId,
      kind: issued.kind,
      level: issued.level,
      digest: issued.digest,
      fireAt: issued.fireAt,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      headers: { 'X-DLE-Notice-Id': issued.noticeId, ...correlationHeaders(currentCorrelationId()) },
      recipients: valid.map((r) => ({
        email: r.email.trim(),
        as: r.as,
        ...(r.name ? { name: r.name } : {}),
        ...(r.title ? { title: r.title } : {}),
        ...(r.agency ? { agency: r.agency } : {}),
      })),
      tasks: live.map((i) => {
        const task = tasks.get(i.taskId)!;
        return {
          taskId: i.taskId,
          code: i.taskCode,
          title: task.title ?? '',
          leadAgency: task.leadAgency ?? null,
          deadline: task.deadline?.due ?? null,
          url: `${this.options.publicUrl.replace(/\/$/, '')}/tasks/${encodeURIComponent(i.taskId)}`,
        };
      }),
    };
    const sent = await this.email.send(letter);
    await this.recordDelivered(issued.noticeId, state.version, attempt, {
      messageId,
      accepted: sent.accepted ?? [],
      rejected: [...invalid, ...(sent.rejected ?? [])],
      response: sent.response ?? null,
    });
    // The acknowledgement link is the addressee's: webhooks get the letter without it.
    const withoutLink = (): ChannelNotice => {
      if (!mail.acknowledgeUrl) return letter;
      const plain = renderNoticeMail({ ...mail, acknowledgeUrl: null }, renderOptions);
      return { ...letter, text: plain.text, html: plain.html };
    };
    await this.sendWebhooks(issued.ruleId, withoutLink, [
      ...live.map((i) => tasks.get(i.taskId)!.leadAgency ?? ''),
      ...valid.map((r) => r.agency ?? ''),
    ]);
    return 'delivered';
  }

  /**
   * A scheduled report's letter: the edition's official report as DOCX and PDF attachments to
   * the schedule's addresses, with the same claim, Message-ID and recording as any letter.
   */
  private async attemptReport(issued: NoticeIssued['data'], state: NoticeState, attempt: DeliveryAttempt): Promise<DeliveryOutcome> {
    const editionId = issued.edition?.id ?? '';
    const [published] = await this.deps.store.readStream(editionStreamId(editionId));
    if (!published) throw new PermanentMailError(`edition ${editionId} of report notice ${issued.noticeId} does not exist`);
    const edition = published.data as unknown as ReportEdition;
    const valid = issued.recipients.filter((r) => isUsableAddress(r.email));
    const invalid = issued.recipients.filter((r) => !isUsableAddress(r.email)).map((r) => r.email);
    if (valid.length === 0) throw new PermanentMailError(`no usable recipient address (${invalid.join(', ')})`);
    const by = { office: this.options.office?.name, signer: this.options.office?.signer, timeZone: this.options.timeZone };
    const [docx, pdf] = await Promise.all([renderEditionFile(edition, 'docx', by), renderEditionFile(edition, 'pdf', by)]);
    const rendered = renderReportMail(edition, { publicUrl: this.options.publicUrl, office: this.options.office });
    const messageId = messageIdFor(issued.noticeId, this.domain);
    const sent = await this.email.send({
      noticeId: issued.noticeId,
      messageId,
      ruleId: issued.ruleId,
      kind: 'report',
      level: issued.level,
      digest: false,
      fireAt: issued.fireAt,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      headers: { 'X-DLE-Notice-Id': issued.noticeId, 'X-DLE-Edition-Id': edition.id, ...correlationHeaders(currentCorrelationId()) },
      recipients: valid.map((r) => ({ email: r.email.trim(), as: r.as })),
      tasks: [],
      attachments: [
        { filename: docx.name, content: docx.file, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
        { filename: pdf.name, content: pdf.file, contentType: 'application/pdf' },
      ],
    });
    await this.recordDelivered(issued.noticeId, state.version, attempt, {
      messageId,
      accepted: sent.accepted ?? [],
      rejected: [...invalid, ...(sent.rejected ?? [])],
      response: sent.response ?? null,
    });
    return 'delivered';
  }

  /**
   * A workflow letter (an assignment, a request, a decision, a blocker, a completion report):
   * one letter per language among the recipients (Vietnamese unless their directory entry says
   * English), each with its own Message-ID derived from the notice's; recorded like any letter.
   */
  private async attemptWorkflow(issued: NoticeIssued['data'], state: NoticeState, attempt: DeliveryAttempt): Promise<DeliveryOutcome> {
    const w = issued.workflow;
    const item = issued.items[0];
    if (!w || !item) throw new PermanentMailError(`workflow notice ${issued.noticeId} names no event or task`);
    const task = (await loadTaskStates(this.deps.store, [item.taskId])).get(item.taskId);
    if (!task?.exists) throw new PermanentMailError(`task ${item.taskCode} of workflow notice ${issued.noticeId} does not exist`);
    const valid = issued.recipients.filter((r) => isUsableAddress(r.email));
    const invalid = issued.recipients.filter((r) => !isUsableAddress(r.email)).map((r) => r.email);
    if (valid.length === 0) throw new PermanentMailError(`no usable recipient address (${invalid.join(', ')})`);
    const names = await this.agencyNames.of([task.leadAgency ?? '']);
    const accepted: string[] = [];
    const rejected: string[] = [...invalid];
    const responses: string[] = [];
    const messageIds: string[] = [];
    const groups = (['vi', 'en'] as const).map((lang) => ({ lang, to: valid.filter((r) => (r.language === 'en' ? 'en' : 'vi') === lang) }));
    for (const { lang, to } of groups.filter((g) => g.to.length > 0)) {
      const first = to[0];
      const rendered = renderWorkflowMail(
        {
          event: w.event,
          actor: w.actor,
          actorAgency: w.actorAgency,
          data: w.data,
          task: {
            id: item.taskId,
            code: item.taskCode,
            title: task.title ?? '',
            leadAgencyName: names.get(task.leadAgency ?? '') ?? task.leadAgency ?? '',
            due: task.deadline?.due ?? null,
            deadlineExpression: task.deadline?.expression ?? null,
          },
          recipient: first.as === 'coordinators' ? null : { name: first.name ?? null, title: first.title ?? null },
          language: lang,
        },
        { publicUrl: this.options.publicUrl, office: this.options.office },
      );
      const messageId = messageIdFor(lang === 'vi' ? issued.noticeId : `${issued.noticeId}-${lang}`, this.domain);
      messageIds.push(messageId);
      const sent = await this.email.send({
        noticeId: issued.noticeId,
        messageId,
        ruleId: issued.ruleId,
        kind: 'workflow',
        level: 0,
        digest: false,
        fireAt: issued.fireAt,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        headers: { 'X-DLE-Notice-Id': issued.noticeId, ...correlationHeaders(currentCorrelationId()) },
        recipients: to.map((r) => ({ email: r.email.trim(), as: r.as })),
        tasks: [],
      });
      accepted.push(...(sent.accepted ?? []));
      rejected.push(...(sent.rejected ?? []));
      if (sent.response) responses.push(sent.response);
    }
    await this.recordDelivered(issued.noticeId, state.version, attempt, {
      messageId: messageIds[0],
      accepted,
      rejected,
      response: responses.length ? responses.join(' | ') : null,
    });
    return 'delivered';
  }

  /**
   * The letter's "Xác nhận đã nhận" link, made out to the person it is addressed to (one email
   * goes to every recipient, so one link): escalations of level 1 and up only.
   */
  /**
   * The admin's template texts, read at most every TEMPLATES_TTL_MS: a burst of letters reads
   * them once, and a saved template is in the letters within seconds.
   */
  private async templates(): Promise<Record<string, string>> {
    const now = Date.now();
    if (!this.templateCache || now - this.templateCache.at > TEMPLATES_TTL_MS) {
      this.templateCache = { at: now, value: await templateOverrides(this.deps.db) };
    }
    return this.templateCache.value;
  }
  private templateCache: { at: number; value: Record<string, string> } | null = null;

  /** The named webhook targets the notice's rule lists (its `webhooks`), as the rules read model holds it. */
  private async ruleWebhooks(ruleId: string): Promise<string[]> {
    const { rows } = await this.deps.db.query<{ webhooks: string[] | null }>(
      `SELECT rule->'webhooks' AS webhooks FROM rm_rules WHERE id = $1`,
      [ruleId],
    );
    return rows[0]?.webhooks ?? [];
  }

  /** The addressee in the directory: their name, title and agency, and their language (Vietnamese unless they chose English). */
  private async directoryEntry(
    email: string,
  ): Promise<{ name: string; title: string | null; agency: string | null; language: string } | null> {
    const { rows } = await this.deps.db.query<{ name: string; title: string | null; agency: string | null; language: string }>(
      `SELECT name, title, agency, language FROM rm_people WHERE lower(email) = lower($1) AND status <> 'disabled' LIMIT 1`,
      [email.trim()],
    );
    return rows[0] ?? null;
  }

  /**
   * Which letter of its kind about this task the addressee is getting: earlier notices that were
   * not merged into another or cancelled, counted by fire time, so a retry renders the same round.
   */
  private async roundOf(issued: NoticeIssued['data'], taskId: string, email: string): Promise<number> {
    const { rows } = await this.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM rm_notifications
        WHERE task_ids = ARRAY[$1::uuid] AND recipient_emails @> ARRAY[lower($2::text)] AND kind = $3
          AND id <> $4 AND fire_at < $5 AND status NOT IN ('merged', 'cancelled')`,
      [taskId, email.trim(), issued.kind, issued.noticeId, issued.fireAt],
    );
    return (rows[0]?.n ?? 0) + 1;
  }

  private acknowledgeUrl(issued: NoticeIssued['data'], addressee: string): string | null {
    const ack = this.options.acknowledgements;
    if (!ack || issued.level < 1) return null;
    const expiresAt = new Date(Date.parse(issued.fireAt) + ack.ttlDays * 86_400_000);
    const token = signAckToken({ noticeId: issued.noticeId, recipient: addressee.trim().toLowerCase(), expiresAt }, ack.secret);
    return acknowledgementUrl(this.options.publicUrl, token);
  }

  /**
   * The webhook channel, after the letter is recorded: each configured target of the notice's
   * rule or agencies gets the notice (with its own retries); each outcome is its own event in
   * the notice's stream. A webhook that fails never fails or repeats the email.
   */
  private async sendWebhooks(ruleId: string, makeLetter: () => ChannelNotice, agencies: string[]): Promise<void> {
    const routes = this.deps.webhooks;
    if (!routes || routes.size === 0) return;
    const channels = routes.channelsFor(ruleId, agencies, routes.named.length ? await this.ruleWebhooks(ruleId) : []);
    if (channels.length === 0) return;
    const letter = makeLetter();
    for (const channel of channels) {
      let event: NoticeEvent;
      try {
        const receipt = await channel.send(letter);
        event = {
          type: 'NoticeWebhookDelivered',
          data: { noticeId: letter.noticeId, target: receipt.target, attempts: receipt.attempts, response: receipt.response },
        };
      } catch (error) {
        event = {
          type: 'NoticeWebhookFailed',
          data: { noticeId: letter.noticeId, target: channel.targetName, error: truncate((error as Error).message) },
        };
        this.logger.warn(`webhook ${channel.targetName} for notice ${letter.noticeId} failed: ${(error as Error).message}`);
      }
      await this.deps.store
        .append(
          noticeStreamId(letter.noticeId),
          [{ type: event.type, data: { ...event.data }, metadata: { actor: PROCESSOR_ACTOR }, occurredAt: this.deps.clock.now() }],
          { expectedVersion: expect.any(), recordedAt: this.deps.clock.now() },
        )
        .then((appended) => this.deps.onAppended?.(appended.position))
        .catch((e) => this.logger.error(`recording the webhook outcome of ${letter.noticeId} failed: ${(e as Error).message}`));
    }
  }

  /**
   * The SMTP server accepted the message: from here on only the recording is retried, never
   * the send. Retries with a doubling pause (250 ms up to 5 s) for `recordRetryMs`; after that
   * the job fails and its retry records the kept result (deliverClaimed).
   */
  /**
   * What the server accepted, kept in memory until it is recorded: a retry of the job records it
   * instead of sending again (the database may be down right now).
   */
  private async recordDelivered(
    noticeId: string,
    version: number,
    attempt: DeliveryAttempt,
    sent: { messageId: string; accepted: string[]; rejected: string[]; response: string | null },
  ): Promise<void> {
    const delivered: NoticeEvent = {
      type: 'NoticeDelivered',
      data: { noticeId, ...sent, attempt: attempt.number, response: sent.response ? truncate(sent.response) : null },
    };
    this.acceptedUnrecorded.set(noticeId, delivered);
    await this.recordAccepted(noticeId, version, delivered);
    this.acceptedUnrecorded.delete(noticeId);
  }

  private async recordAccepted(noticeId: string, version: number, delivered: NoticeEvent): Promise<void> {
    const giveUpAt = Date.now() + (this.options.recordRetryMs ?? RECORD_RETRY_MS);
    for (let pause = RECORD_BACKOFF_FIRST_MS; ; pause = Math.min(pause * 2, RECORD_BACKOFF_MAX_MS)) {
      try {
        await this.record(noticeId, version, delivered);
        return;
      } catch (error) {
        if (Date.now() + pause > giveUpAt) throw new DeliveryNotRecordedError(noticeId, error);
        this.logger.warn(`notice ${noticeId} was accepted by the mail server; recording it failed, retrying: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private async recordFailure(noticeId: string, version: number, error: unknown, attempt: DeliveryAttempt): Promise<void> {
    if (error instanceof DeliveryNotRecordedError) return; // sent: never record it as failed
    const message = truncate(error instanceof Error ? error.message : String(error));
    const permanent = error instanceof PermanentMailError;
    if (!permanent && !attempt.last) {
      if (!(error instanceof TemporaryMailError)) return; // not a mail failure (database, rendering): just retry
      await this.record(noticeId, version, {
        type: 'NoticeDeliveryAttemptFailed',
        data: { noticeId, attempt: attempt.number, error: message, retryAt: attempt.retryAt ? attempt.retryAt.toISOString() : null },
      });
      return;
    }
    const failed = await this.record(noticeId, version, {
      type: 'NoticeFailed',
      data: { noticeId, attempt: attempt.number, error: message, permanent },
    });
    if (!failed) return;
    this.logger.warn(`notice ${noticeId} failed${permanent ? ' permanently' : ` after ${attempt.number} attempts`}: ${message}`);
    await this.deps.queue
      .enqueueAlert(noticeId)
      .catch((e) => this.logger.error(`could not queue the admin alert for ${noticeId}: ${(e as Error).message}`));
  }

  /**
   * Appends with the version read; on a conflict re-reads: a notice that reached an end
   * meanwhile (a concurrent run) is left as it is (false), otherwise the append is retried.
   */
  private async record(noticeId: string, version: number, event: NoticeEvent): Promise<boolean> {
    for (let expected = version; ;) {
      try {
        const appended = await this.deps.store.append(
          noticeStreamId(noticeId),
          [{ type: event.type, data: { ...event.data }, metadata: { actor: PROCESSOR_ACTOR }, occurredAt: this.deps.clock.now() }],
          { expectedVersion: expect.exact(expected), recordedAt: this.deps.clock.now() },
        );
        this.deps.onAppended?.(appended.position);
        return true;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        const fresh = await this.load(noticeId);
        if (isTerminal(fresh) || fresh.version === expected) return false;
        expected = fresh.version;
      }
    }
  }

  private async load(noticeId: string): Promise<NoticeState> {
    return foldNotice(await this.deps.store.readStream(noticeStreamId(noticeId)));
  }
}

/** The mail server accepted the notice but its delivery could not be recorded (yet). */
export class DeliveryNotRecordedError extends Error {
  constructor(noticeId: string, cause: unknown) {
    super(`notice ${noticeId} was sent but its delivery is not recorded yet: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'DeliveryNotRecordedError';
  }
}

/** The person the letter is addressed to ("Kính gửi"): the head in an escalation, else the officer. */
export function primaryRecipient(recipients: NoticeRecipient[], kind: 'reminder' | 'escalation'): NoticeRecipient {
  const order =
    kind === 'escalation'
      ? ['agency_head', 'acting_head', 'assignee', 'substitute', 'coordinators', 'email']
      : ['assignee', 'substitute', 'agency_head', 'acting_head', 'coordinators', 'email'];
  const rank = (r: NoticeRecipient) => {
    const i = order.indexOf(r.as);
    return i < 0 ? order.length : i;
  };
  return [...recipients].sort((a, b) => rank(a) - rank(b))[0];
}

const HEADS = new Set(['agency_head', 'acting_head']);

/** What the letter asks depends on who reads it; a substitute reads as the person they stand in for. */
export function readerOf(r: NoticeRecipient, kind: 'reminder' | 'escalation'): NoticeReader {
  const as = r.as === 'substitute' ? (r.actingFor?.as ?? 'assignee') : r.as;
  if (HEADS.has(as)) return 'head';
  if (as === 'coordinators') return 'coordinator';
  if (as === 'assignee') return 'officer';
  // a fixed address (an agency's office mailbox): directed like a head when escalated
  return kind === 'escalation' ? 'head' : 'officer';
}

function salutation(r: NoticeRecipient, agencyNames: Map<string, string>): MailRecipient {
  return {
    email: r.email,
    ...(r.name ? { name: r.name } : {}),
    ...(r.title ? { title: r.title } : {}),
    ...(r.agency ? { agencyName: agencyNames.get(r.agency) ?? r.agency } : {}),
  };
}

function isUsableAddress(email: string): boolean {
  return typeof email === 'string' && !hasControlChars(email) && ADDRESS.test(email.trim());
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
