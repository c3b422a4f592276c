import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTICE_STATUSES } from '@app/escalation';
import { EMAIL, Instant, enumOf } from '../openapi/schema-helpers';

/** Schemas of the notification answers. */

export const NOTICE_KINDS = enumOf<'reminder' | 'escalation' | 'report' | 'workflow'>({
  reminder: true,
  escalation: true,
  report: true,
  workflow: true,
});

export class ActedFor {
  @ApiProperty()
  name: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ format: EMAIL })
  email: string;
}

export class NoticeRecipient {
  @ApiProperty({ format: EMAIL })
  email: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  name?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  title?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  agency?: string | null;
  @ApiProperty({
    example: 'assignee',
    description: 'why this person receives it: assignee, agency_head, acting_head, focal_point, coordinators, email',
  })
  as: string;
  @ApiPropertyOptional({ enum: ['vi', 'en'], description: 'the language the letter is written in, from the directory (workflow letters)' })
  language?: string;
  @ApiPropertyOptional({ type: ActedFor, description: 'an acting head: the head they act for' })
  actingFor?: ActedFor;
}

export class Notification {
  @ApiProperty()
  id: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    description: 'tasks it is about (one, or several for a digest)',
  })
  taskIds: string[];
  @ApiProperty({ type: [String] })
  taskCodes: string[];
  @ApiProperty()
  ruleId: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'escalation level' })
  level: number;
  @ApiProperty({ enum: NOTICE_KINDS, enumName: 'NoticeKind' })
  kind: string;
  @ApiProperty()
  digest: boolean;
  @ApiProperty({ description: 'issued late for a fire time that had passed when the task was planned' })
  catchUp: boolean;
  @ApiProperty({ type: [NoticeRecipient], description: 'as resolved when issued' })
  recipients: NoticeRecipient[];
  @ApiProperty({ enum: NOTICE_STATUSES, enumName: 'NoticeStatus' })
  status: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  attempts: number;
  @Instant({ description: 'when the rule said it should fire' })
  fireAt: string;
  @Instant()
  issuedAt: string;
  @Instant({ nullable: true })
  sentAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Message-ID of the email sent' })
  messageId: string | null;
  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'status merged: the id of the letter that carried this notice (same recipient and task, same scanner pass)',
  })
  mergedInto: string | null;
  @ApiProperty({ type: [String], description: 'ids of the notices merged into this letter' })
  merged: string[];
}

export class NotificationPage {
  @ApiProperty({ type: [Notification], description: 'newest fire time first' })
  items: Notification[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}
