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
  @ApiPropertyOptional({
    description: 'why the person stood in for would have received it (assignee, agency_head…); a substitute reads the letter as them',
  })
  as?: string;
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
  @ApiPropertyOptional({ type: ActedFor, description: 'an acting head or a substitute: the person they act for' })
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
  @Instant({
    nullable: true,
    description: "when a recipient first confirmed receipt through the letter's signed link (escalations); null until then",
  })
  acknowledgedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the address whose link confirmed receipt first' })
  acknowledgedBy: string | null;
}

export class NotificationPage {
  @ApiProperty({ type: [Notification], description: 'newest fire time first' })
  items: Notification[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}

/** What an acknowledgement link names (GET /acknowledgements/{token} with Accept: application/json). */
export class AcknowledgementLetter {
  @ApiProperty({ description: 'the notice (letter) the link acknowledges' })
  noticeId: string;
  @ApiProperty({ description: 'the address the link was made out to (lower case)' })
  recipient: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  level: number;
  @ApiProperty({ type: [String], description: 'codes of the tasks the letter is about' })
  taskCodes: string[];
  @Instant({ description: 'when the rule fired the letter' })
  fireAt: string;
  @Instant({ description: 'the link works until then' })
  expiresAt: string;
  @Instant({ nullable: true, description: 'null until confirmed' })
  acknowledgedAt: string | null;
}

/** POST /acknowledgements/{token}: recorded. */
export class AcknowledgementRecorded extends AcknowledgementLetter {
  @Instant({ description: 'when receipt was confirmed' })
  declare acknowledgedAt: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: "the notice stream's version after NoticeAcknowledged" })
  version: number;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'event store position (pass as minPosition to GET /notifications)' })
  position: number;
}
