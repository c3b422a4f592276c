import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { NoticeQueue } from '@app/escalation';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { EscalationTuning } from './escalation-tuning';
import { MailDeliveryService } from './mail-delivery.service';
import { ScannerService } from './scanner.service';

/**
 * The delivery half of escalation in the worker: the deadline scanner (scheduled, behind its
 * advisory lock) and the mail processor (BullMQ). Only worker processes import this module, so
 * API replicas never scan, schedule or process jobs (architecture.md, @nestjs/schedule pitfall).
 */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [
    EscalationTuning,
    {
      provide: NoticeQueue,
      inject: [APP_CONFIG, EscalationTuning],
      useFactory: (config: AppConfig, tuning: EscalationTuning) =>
        new NoticeQueue({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, retry: tuning.retry }),
    },
    ScannerService,
    MailDeliveryService,
  ],
  exports: [ScannerService, MailDeliveryService, NoticeQueue, EscalationTuning],
})
export class EscalationWorkerModule {}
