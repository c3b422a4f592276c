import { Clock, NoticeAcknowledged, noticeStreamId } from '@app/domain';
import { ConcurrencyError, EventStore, expect } from '@app/event-store';
import { NoticeState, foldNotice } from '../notices/notice-state';
import { AckClaims, verifyAckToken } from './ack-token';

/**
 * Why a link is refused: `invalid` (forged, altered, not a token: 400), `unknown` (genuine but
 * naming no letter to that address: 404), `used` (that recipient confirmed already: 409),
 * `expired` (410). Nothing is appended on a refusal.
 */
export type AckRefusal = 'invalid' | 'unknown' | 'used' | 'expired';

export class AcknowledgementRefused extends Error {
  constructor(
    readonly reason: AckRefusal,
    /** the letter, when the token was genuine (the page says which one) */
    readonly letter: AckLetter | null = null,
  ) {
    super(`acknowledgement refused: ${reason}`);
    this.name = 'AcknowledgementRefused';
  }
}

/** What the confirmation pages show of a letter. */
export interface AckLetter {
  noticeId: string;
  recipient: string;
  level: number;
  taskCodes: string[];
  fireAt: string;
  expiresAt: string;
  /** when this recipient confirmed, if they did */
  acknowledgedAt: string | null;
}

export interface AckConfirmed extends AckLetter {
  acknowledgedAt: string;
  /** stream version and global position of the NoticeAcknowledged */
  version: number;
  position: number;
}

export interface AcknowledgementsDeps {
  store: EventStore;
  clock: Clock;
  secret: string;
  onAppended?(position: number): void;
}

/** how often a confirmation re-reads after another event of the notice got in first */
const MAX_CONFLICTS = 5;

/**
 * The two halves of an acknowledgement link: `inspect` (GET, reads only) and `confirm` (POST,
 * appends NoticeAcknowledged to the notice stream with the version it read, after checking the
 * stream holds none of this recipient: single use rests on the stream, not on memory; two
 * clicks at once meet at the expected version, and the later one re-reads and is refused).
 */
export class Acknowledgements {
  constructor(private readonly deps: AcknowledgementsDeps) {}

  async inspect(token: string): Promise<AckLetter> {
    const { letter } = await this.check(token);
    return letter;
  }

  async confirm(token: string): Promise<AckConfirmed> {
    for (let conflicts = 0; ; conflicts++) {
      const { claims, state, letter } = await this.check(token);
      const at = this.deps.clock.now();
      const event: NoticeAcknowledged = {
        type: 'NoticeAcknowledged',
        data: { noticeId: claims.noticeId, recipient: claims.recipient, at: at.toISOString() },
      };
      try {
        const appended = await this.deps.store.append(
          noticeStreamId(claims.noticeId),
          [
            {
              type: event.type,
              data: { ...event.data },
              metadata: { actor: { role: 'recipient', name: claims.recipient } },
              occurredAt: at,
            },
          ],
          { expectedVersion: expect.exact(state.version), recordedAt: at },
        );
        this.deps.onAppended?.(appended.position);
        return { ...letter, acknowledgedAt: event.data.at, version: appended.version, position: appended.position };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || conflicts >= MAX_CONFLICTS) throw error;
      }
    }
  }

  /** Token, then the letter as its stream stands: throws AcknowledgementRefused. */
  private async check(token: string): Promise<{ claims: AckClaims; state: NoticeState; letter: AckLetter }> {
    const verified = verifyAckToken(token, this.deps.secret, this.deps.clock.now());
    // a genuine token past its time still names its letter: a used one says so rather than "expired"
    if (!verified.ok && verified.reason !== 'expired') throw new AcknowledgementRefused('invalid');
    const { claims } = verified;
    const state = foldNotice(await this.deps.store.readStream(noticeStreamId(claims.noticeId)));
    const issued = state.issued;
    if (!issued || issued.mergedInto || !issued.recipients.some((r) => r.email.trim().toLowerCase() === claims.recipient)) {
      throw new AcknowledgementRefused('unknown');
    }
    const mine = state.acknowledgements.find((a) => a.recipient === claims.recipient) ?? null;
    const letter: AckLetter = {
      noticeId: issued.noticeId,
      recipient: claims.recipient,
      level: issued.level,
      taskCodes: [...new Set(issued.items.map((i) => i.taskCode))],
      fireAt: issued.fireAt,
      expiresAt: claims.expiresAt.toISOString(),
      acknowledgedAt: mine?.at ?? null,
    };
    if (mine) throw new AcknowledgementRefused('used', letter);
    if (!verified.ok) throw new AcknowledgementRefused('expired', letter);
    return { claims, state, letter };
  }
}
