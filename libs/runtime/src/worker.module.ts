import { Module } from '@nestjs/common';
import { ProjectorService } from './projector/projector.service';
import { DefaultRulesSeeder } from '@app/escalation';
import { EscalationWorkerModule } from './escalation/escalation-worker.module';
import { AnchorSchedulerService } from './anchors/anchor-scheduler.service';

/** Background work: the projector (and, with the escalation issue, the scanner and mail processor). */
@Module({
  imports: [EscalationWorkerModule],
  providers: [ProjectorService, DefaultRulesSeeder, AnchorSchedulerService],
  exports: [ProjectorService],
})
export class WorkerModule {}
