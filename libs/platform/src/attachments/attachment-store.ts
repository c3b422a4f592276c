import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { type SqlDatabase, applySchemaPart } from '@app/event-store';
import { READ_MODEL_SCHEMA_LEDGER } from '@app/projections';

/**
 * Where the bytes of evidence files live, behind one interface: the engine's database (the
 * default: one backup holds everything) or a directory (large files, a mounted volume). Files
 * are written once under their attachment id and never changed; the task's AttachmentAdded
 * event holds their SHA-256, which `read` checks.
 */
export interface AttachmentStore {
  readonly kind: 'database' | 'disk';
  write(attachmentId: string, content: Buffer): Promise<void>;
  /** null when there is no such file, or its bytes no longer match the digest the history holds */
  read(attachmentId: string, sha256: string): Promise<Buffer | null>;
  remove(attachmentId: string): Promise<void>;
}

export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

export const sha256Of = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

export class DatabaseAttachmentStore implements AttachmentStore {
  readonly kind = 'database' as const;
  private ready: Promise<void> | null = null;

  constructor(private readonly db: SqlDatabase) {}

  private init(): Promise<void> {
    this.ready ??= applySchemaPart(this.db, {
      part: 'attachments',
      ddl: `CREATE TABLE IF NOT EXISTS task_attachments (
              attachment_id text PRIMARY KEY,
              content bytea NOT NULL,
              stored_at timestamptz NOT NULL DEFAULT now()
            )`,
      ledger: READ_MODEL_SCHEMA_LEDGER,
    }).then(() => undefined);
    return this.ready;
  }

  async write(attachmentId: string, content: Buffer): Promise<void> {
    await this.init();
    await this.db.query(`INSERT INTO task_attachments (attachment_id, content) VALUES ($1, $2) ON CONFLICT (attachment_id) DO NOTHING`, [
      attachmentId,
      content,
    ]);
  }

  async read(attachmentId: string, sha256: string): Promise<Buffer | null> {
    await this.init();
    const { rows } = await this.db.query<{ content: Buffer | Uint8Array }>(
      `SELECT content FROM task_attachments WHERE attachment_id = $1`,
      [attachmentId],
    );
    if (!rows[0]) return null;
    const content = Buffer.from(rows[0].content);
    return sha256Of(content) === sha256 ? content : null;
  }

  async remove(attachmentId: string): Promise<void> {
    await this.init();
    await this.db.query(`DELETE FROM task_attachments WHERE attachment_id = $1`, [attachmentId]);
  }
}

export class DiskAttachmentStore implements AttachmentStore {
  readonly kind = 'disk' as const;

  constructor(private readonly dir: string) {}

  private file(attachmentId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(attachmentId)) throw new Error(`not an attachment id: ${attachmentId}`);
    return path.join(this.dir, attachmentId);
  }

  async write(attachmentId: string, content: Buffer): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true });
    const target = this.file(attachmentId);
    const temp = `${target}.${process.pid}.tmp`;
    await fsp.writeFile(temp, content, { flag: 'w', mode: 0o640 });
    await fsp.rename(temp, target);
  }

  async read(attachmentId: string, sha256: string): Promise<Buffer | null> {
    try {
      const content = await fsp.readFile(this.file(attachmentId));
      return sha256Of(content) === sha256 ? content : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async remove(attachmentId: string): Promise<void> {
    await fsp.rm(this.file(attachmentId), { force: true });
  }
}
