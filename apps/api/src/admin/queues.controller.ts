import { Controller, Get, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import { ApiError } from '../http/api-error';
import { ApiAuthenticated } from '../openapi/api-errors';
import { QueueList } from './queue.schemas';
import { QueueInspector, QueueView } from './queue-inspector';

/**
 * The BullMQ dashboard for admins, as JSON: counts by state and the latest failures of each
 * queue (bull-board is not installed; this is read-only and needs no extra UI).
 */
@ApiTags('admin')
@ApiAuthenticated()
@Controller('admin/queues')
export class AdminQueuesController {
  constructor(private readonly inspector: QueueInspector) {}

  @Get()
  @Roles()
  @ApiOperation({ summary: 'Queue counts (waiting, active, delayed, failed…) and recent failures; admin only' })
  @ApiOkResponse({ type: QueueList })
  async list(): Promise<{ queues: QueueView[] }> {
    try {
      return { queues: [await this.inspector.view()] };
    } catch {
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'unavailable', 'Redis is unreachable; retry shortly');
    }
  }
}
