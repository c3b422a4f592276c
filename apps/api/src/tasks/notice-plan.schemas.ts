import { ApiProperty } from '@nestjs/swagger';
import { NoticeRecipient } from '../notifications/notification.schemas';
import { Instant } from '../openapi/schema-helpers';

export class PlannedRecipient extends NoticeRecipient {
  @ApiProperty({ example: 'thủ trưởng cơ quan chủ trì', description: 'why this person receives it, in words' })
  why: string;
}

export class Because {
  @ApiProperty({ example: 'Quy tắc "Nhắc trước hạn": 3 ngày làm việc trước thời hạn 30/06/2026' })
  vi: string;
  @ApiProperty()
  en: string;
}

export class PlannedNotice {
  @ApiProperty()
  ruleId: string;
  @ApiProperty()
  ruleName: string;
  @ApiProperty({ type: 'integer', description: '0 for the first notice of the rule, then each repeat' })
  occurrence: number;
  @ApiProperty({ type: 'integer' })
  level: number;
  @ApiProperty({ enum: ['reminder', 'escalation'] })
  kind: string;
  @Instant({ description: 'when the scanner sends it (within the rule’s sending window)' })
  fireAt: string;
  @Instant({ description: 'the deadline it is about' })
  due: string;
  @ApiProperty()
  catchUp: boolean;
  @ApiProperty({ type: [PlannedRecipient] })
  recipients: PlannedRecipient[];
  @ApiProperty({ type: Because })
  because: Because;
}

export class NoticePlanAnswer {
  @ApiProperty({ format: 'uuid' })
  taskId: string;
  @ApiProperty()
  code: string;
  @ApiProperty({
    type: [PlannedNotice],
    description: 'what will be sent next, earliest first; what was sent is GET /notifications?taskId=',
  })
  planned: PlannedNotice[];
}
