/**
 * A local SMTP server for the `deliver` benchmark, in its own process: accepts every message
 * (no TLS, any or no AUTH), keeps only when each was accepted and its X-DLE-Notice-Id (or
 * Message-ID), and reports them over IPC. No parsing beyond the header lines, so the sink is not
 * the bottleneck being measured.
 */
import { SMTPServer } from 'smtp-server';

const accepted: { id: string; at: number; bytes: number }[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  maxClients: 200,
  onAuth: (_auth, _session, cb) => cb(null, { user: 'bench' }),
  onData(stream, _session, callback) {
    let head = '';
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (head.length < 16384) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      const notice = /^X-DLE-Notice-Id:\s*(\S+)/im.exec(head) ?? /^Message-ID:\s*(\S+)/im.exec(head);
      accepted.push({ id: notice ? notice[1] : '', at: Date.now(), bytes });
      callback();
    });
  },
});
server.on('error', () => undefined);
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.server.address() as { port: number }).port });
});
process.on('message', (msg: { count?: boolean; report?: boolean; clear?: boolean; stop?: boolean }) => {
  if (msg.count) process.send?.({ count: accepted.length });
  if (msg.report) process.send?.({ accepted });
  if (msg.clear) accepted.length = 0;
  if (msg.stop) server.close(() => process.exit(0));
});
