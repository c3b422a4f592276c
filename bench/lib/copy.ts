import type { Client } from 'pg';

/**
 * `COPY ... FROM STDIN` over a plain pg Client without another package: pg accepts any object
 * with `submit(connection)` as a query and forwards the protocol messages to it (the same hook
 * pg-copy-streams uses). Rows are in COPY text format; see copyText() for the escaping.
 */
class CopyIn {
  private error: Error | null = null;
  rowCount = 0;
  callback: ((error: Error | null, self?: CopyIn) => void) | undefined;

  constructor(
    private readonly text: string,
    private readonly payload: Buffer,
  ) {}

  submit(connection: any): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: any): void {
    const CHUNK = 1 << 20;
    for (let i = 0; i < this.payload.length; i += CHUNK) connection.sendCopyFromChunk(this.payload.subarray(i, i + CHUNK));
    connection.endCopyFrom();
  }

  handleCommandComplete(msg: { text?: string }): void {
    const n = /COPY (\d+)/.exec(msg.text ?? '');
    if (n) this.rowCount = Number(n[1]);
  }

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    this.callback?.(this.error, this);
  }

  // messages a COPY FROM never gets, but pg may route here
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

export function copyIn(client: Client, sql: string, payload: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const query = new CopyIn(sql, payload);
    query.callback = (error) => (error ? reject(error) : resolve(query.rowCount));
    (client as any).query(query);
  });
}

/** One COPY text field: NULL as \N; backslash, tab, CR and LF escaped. */
export function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}
