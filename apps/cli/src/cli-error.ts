/**
 * An expected failure of a command (unknown task, unreachable database, bad option): main
 * prints its message as one line and exits 1, without a stack trace.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** Where a command writes what it has to say (process.stdout in the CLI, a buffer in tests). */
export type Output = NodeJS.WritableStream & { isTTY?: boolean };
