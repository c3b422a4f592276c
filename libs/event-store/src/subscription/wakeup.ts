/**
 * Lets a polling loop sleep until the next poll, an append, or stop, whichever comes first.
 * A wake that arrives while the loop is busy is remembered, so the loop reads again at once
 * instead of sleeping past an event it was told about.
 */
export class Wakeup {
  private pending = false;
  private stopped = false;
  private release: (() => void) | null = null;

  wake(): void {
    this.pending = true;
    this.release?.();
  }

  stop(): void {
    this.stopped = true;
    this.release?.();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** until the timeout, a wake or stop */
  wait(ms: number): Promise<void> {
    return this.sleep(ms, true);
  }

  /** until the timeout or stop; wakes are kept for later (a pause after an error) */
  pause(ms: number): Promise<void> {
    return this.sleep(ms, false);
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopped || (wakeable && this.pending)) {
      if (wakeable) this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.release = null;
        if (wakeable) this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.release = wakeable ? done : () => this.stopped && done();
    });
  }
}
