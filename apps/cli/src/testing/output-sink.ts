import { Writable } from 'node:stream';

/** A writable the CLI commands print to, and what they printed. */
export function outputSink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}
