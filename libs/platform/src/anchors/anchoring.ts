import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import * as path from 'node:path';
import type { Clock } from '@app/domain';
import {
  type Anchor,
  type AnchorFailure,
  type EventStore,
  type SqlDatabase,
  type VerifyResult,
  checkAnchor,
  compareWithAnchor,
  privateKeyFromPem,
  publicKeyFromPem,
  readAnchorState,
  signAnchor,
} from '@app/event-store';
import type { AppConfig } from '../config/app-config';

export class AnchorError extends Error {}

export interface AnchorVerdict {
  createdAt: string;
  position: number;
  ok: boolean;
  failures: AnchorFailure[];
}

export interface AnchoredVerifyResult extends VerifyResult {
  anchors: AnchorVerdict[];
  /** what the answer cannot prove */
  notCovered: string;
}

type AnchorSettings = Pick<
  AppConfig,
  'DATA_DIR' | 'EVENT_STORE' | 'ANCHOR_KEY_FILE' | 'ANCHOR_PRIVATE_KEY' | 'ANCHOR_PUBLIC_KEY_FILE' | 'ANCHOR_FILE'
>;

/**
 * Anchors outside the database (architecture.md "Anchors"): a signed Merkle root of every
 * stream's head, appended to ANCHOR_FILE, and the check of the history against them. The
 * private key comes from a file or the environment, never from the database.
 */
export class Anchoring {
  private readonly privateKey?: KeyObject;
  private readonly publicKey?: KeyObject;
  readonly file: string;

  constructor(
    private readonly db: SqlDatabase,
    private readonly store: EventStore,
    private readonly settings: AnchorSettings,
    private readonly clock: Clock,
  ) {
    const pem =
      settings.ANCHOR_PRIVATE_KEY ?? (settings.ANCHOR_KEY_FILE ? readKey(settings.ANCHOR_KEY_FILE, 'ANCHOR_KEY_FILE') : undefined);
    if (pem) this.privateKey = privateKeyFromPem(pem.replace(/\\n/g, '\n'));
    this.publicKey = settings.ANCHOR_PUBLIC_KEY_FILE
      ? publicKeyFromPem(readKey(settings.ANCHOR_PUBLIC_KEY_FILE, 'ANCHOR_PUBLIC_KEY_FILE'))
      : this.privateKey && createPublicKey(this.privateKey);
    this.file = path.resolve(settings.ANCHOR_FILE ?? path.join(settings.DATA_DIR, 'anchors.jsonl'));
  }

  get canSign(): boolean {
    return this.privateKey !== undefined;
  }

  publicKeyPem(): string | undefined {
    return this.publicKey?.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** Computes, signs and appends an anchor to the file; returns it. */
  async create(): Promise<Anchor> {
    this.assertPostgres();
    if (!this.privateKey) throw new AnchorError('no anchor key: set ANCHOR_KEY_FILE or ANCHOR_PRIVATE_KEY (npm run cli -- anchor keygen)');
    const state = await readAnchorState(this.db);
    const anchor = signAnchor(
      {
        format: 'dle-anchor/1',
        createdAt: this.clock.now().toISOString(),
        feed: state.feed,
        streams: state.leaves.length,
        events: state.events,
        leaves: state.leaves,
      },
      this.privateKey,
    );
    mkdirSync(path.dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(anchor)}\n`);
    return anchor;
  }

  /** The anchors in the file, oldest first (an unreadable line is skipped, and verify says so). */
  list(): Anchor[] {
    return existsSync(this.file) ? parseAnchorLines(readFileSync(this.file, 'utf8')) : [];
  }

  /**
   * The hash chains, then each anchor: its signature with the published key, and the history up
   * to its position against it.
   */
  async verify(anchors: Anchor[], publicKeyPem?: string): Promise<AnchoredVerifyResult> {
    this.assertPostgres();
    const chains = await this.store.verify();
    const key = publicKeyPem ? publicKeyFromPem(publicKeyPem) : this.publicKey;
    if (anchors.length > 0 && !key)
      throw new AnchorError('no public key to check the anchors with: give one or set ANCHOR_PUBLIC_KEY_FILE');
    const verdicts: AnchorVerdict[] = [];
    for (const anchor of anchors) {
      const check = checkAnchor(anchor, key!);
      const failures = check.ok
        ? await compareWithAnchor(this.db, anchor)
        : [{ streamId: '*', version: 0, position: anchor.feed?.position ?? 0, reason: `anchor refused: ${check.reason}` }];
      verdicts.push({ createdAt: anchor.createdAt, position: anchor.feed?.position ?? 0, ok: failures.length === 0, failures });
    }
    const last = verdicts.filter((v) => v.ok).sort((a, b) => b.position - a.position)[0];
    const notCovered =
      anchors.length === 0
        ? 'no anchors given: intact chains prove no change only against someone without the database owner rights (an owner can recompute them); give the anchors to prove more'
        : last
          ? `events after position ${last.position} (the last anchor that holds) are covered by the chains only`
          : 'no anchor holds: nothing beyond the chains is proven';
    return { ...chains, ok: chains.ok && verdicts.every((v) => v.ok), anchors: verdicts, notCovered };
  }

  private assertPostgres(): void {
    if (this.settings.EVENT_STORE !== 'postgres')
      throw new AnchorError('anchors cover the PostgreSQL event store only (EVENT_STORE=postgres)');
  }
}

/** Anchors as JSON lines (the file) or one JSON anchor or an array of them (pasted). */
export function parseAnchorLines(text: string): Anchor[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as Anchor[];
  return trimmed
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Anchor);
}

function readKey(file: string, setting: string): string {
  try {
    return readFileSync(path.resolve(file), 'utf8');
  } catch (error) {
    throw new AnchorError(`${setting} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
