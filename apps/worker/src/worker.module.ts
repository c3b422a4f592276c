import { Module } from '@nestjs/common';
import { ProjectorService } from './projector/projector.service';

/** Background work: the projector (and, with the escalation issue, the scanner and mail processor). */
@Module({
  providers: [ProjectorService],
  exports: [ProjectorService],
})
export class WorkerModule {}
