import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Instant } from '../openapi/schema-helpers';

const KINDS = [
  'extension_request',
  'completion_to_confirm',
  'open_blocker',
  'due_soon',
  'overdue',
  'at_risk',
  'completion_returned',
  'extension_decided',
];

/** One thing waiting for the caller; the fields after `leadAgency` belong to some kinds only. */
export class InboxItem {
  @ApiProperty({
    enum: KINDS,
    description:
      'coordinators: extension_request, completion_to_confirm, open_blocker; officers: due_soon, overdue, at_risk, completion_returned, extension_decided',
  })
  kind: string;
  @Instant({
    nullable: true,
    description: 'since when it waits (request, report, blocker, return or decision time; the deadline for due_soon/overdue)',
  })
  since: string | null;
  @ApiProperty({ type: String, format: 'uuid' })
  taskId: string;
  @ApiProperty({ example: 'NQ71-012' })
  taskCode: string;
  @ApiProperty()
  taskTitle: string;
  @ApiProperty({ example: 'BCA' })
  leadAgency: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'extension_request, extension_decided' })
  requestId?: string;
  @ApiPropertyOptional({ description: 'extension_request: the proposed deadline as written' })
  proposedDeadline?: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'extension_request: why more time is asked; completion_returned: why it came back',
  })
  reason?: string | null;
  @Instant({ required: false, nullable: true, description: 'completion_to_confirm: the reported completion date' })
  completedAt?: string | null;
  @ApiPropertyOptional({ description: 'completion_to_confirm: reported more than one working day after the fact' })
  backdated?: boolean;
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'open_blocker' })
  blockerId?: string;
  @ApiPropertyOptional({ description: 'open_blocker' })
  description?: string;
  @Instant({ required: false, nullable: true, description: 'due_soon, overdue, at_risk: the deadline in force' })
  due?: string | null;
  @ApiPropertyOptional({
    type: [String],
    description:
      "at_risk: the early warning's reason codes (overdue, behind_schedule, open_blocker, stale_report, extended, agency_record)",
  })
  reasons?: string[];
  @ApiPropertyOptional({ enum: ['approved', 'refused'], description: 'extension_decided' })
  status?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'extension_decided' })
  refusalReason?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'extension_decided' })
  decisionRef?: string | null;
}

export class Inbox {
  @ApiProperty({ type: [InboxItem], description: 'newest first' })
  items: InboxItem[];
}
