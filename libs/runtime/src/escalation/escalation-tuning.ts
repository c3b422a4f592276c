import { Injectable } from '@nestjs/common';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from '@app/escalation';

/**
 * Timings of the scanner, the leader locks and the mail queue. Not configuration: the defaults
 * suit production; tests (and the test worker entry) replace this provider to run faster.
 */
@Injectable()
export class EscalationTuning {
  /** tries per notice and the first backoff (doubling) */
  retry: RetryPolicy = DEFAULT_RETRY_POLICY;
  /** mail jobs in flight per worker process (the SMTP pool has 5 connections) */
  concurrency = 5;
  /** a killed worker's job is handed on after its lock expires and a stalled check runs */
  lockDurationMs = 30_000;
  stalledIntervalMs = 30_000;
  /**
   * A notice's send claim (notice_claims) lasts this long without renewal: a killed sender
   * blocks its notice this long; an outage of the database longer than this may let a second
   * process send a notice whose delivery could not be recorded.
   */
  claimLeaseMs = 120_000;
  /** first pause between webhook tries (doubling, 4 tries) */
  webhookBackoffMs = 1000;
  /** stand-by scanners and projectors retry the lock this often */
  leaderRetryMs = 3_000;
  leaderHeartbeatMs = 5_000;
  /** after each scheduled pass, notices pending longer than this get their job checked */
  requeueGraceMs = 60_000;
  /** a projected batch with due rows wakes the scanner after this pause (batches coalesce) */
  wakeDelayMs = 200;
}
