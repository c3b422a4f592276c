import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIST_LIMITS } from '@app/domain';
import { EMAIL, OccurredAt } from '../openapi/schema-helpers';

/** Schemas of the settings answers and bodies (documentation only: the domain's parsers validate). */

const DAYS = { type: 'array', items: { type: 'string', format: 'date' }, maxItems: LIST_LIMITS.holidayDays } as const;

export class HolidayYear {
  @ApiProperty({ type: 'integer', example: 2026 })
  year: number;
  @ApiProperty({ ...DAYS, example: ['2026-02-16', '2026-02-17'], description: 'days off besides weekends' })
  days: string[];
  @ApiProperty({ ...DAYS, example: ['2026-01-10'], description: 'weekend days worked (swapped working days)' })
  workdays: string[];
}

export class HolidayYearAnswer extends HolidayYear {
  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;
  @ApiProperty({ type: 'integer', minimum: 1 })
  position: number;
}

export class HolidayYearBody {
  @ApiPropertyOptional({ type: 'integer', description: 'the year of the path, if given' })
  year?: number;
  @ApiPropertyOptional({ ...DAYS, example: ['2026-02-16', '2026-02-17'], description: 'days off of that year, replacing the list' })
  days?: string[];
  @ApiPropertyOptional({ ...DAYS, example: ['2026-01-10'], description: 'swapped working days of that year, replacing the list' })
  workdays?: string[];
  @OccurredAt()
  occurredAt?: string;
}

export class Coordinators {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: EMAIL },
    maxItems: LIST_LIMITS.coordinatorEmails,
    example: ['vpcp@example.org'],
  })
  emails: string[];
}

export class CoordinatorsAnswer extends Coordinators {
  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;
  @ApiProperty({ type: 'integer', minimum: 1 })
  position: number;
}

export class CoordinatorsBody extends Coordinators {
  @OccurredAt()
  occurredAt?: string;
}

export class ReportScheduleItem {
  @ApiProperty({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 60, example: 'bao-cao-thang' })
  id: string;
  @ApiProperty({ maxLength: 200, example: 'Báo cáo tháng gửi Lãnh đạo Văn phòng' })
  name: string;
  @ApiProperty({ default: true })
  enabled: boolean;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 31, example: 25, description: 'a shorter month runs on its last day' })
  dayOfMonth: number;
  @ApiProperty({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', example: '08:00', description: 'in the deadline zone' })
  time: string;
  @ApiProperty({ maxLength: 300, example: 'Tình hình thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao' })
  title: string;
  @ApiProperty({ type: 'array', items: { type: 'string', format: EMAIL }, minItems: 1, maxItems: 50 })
  recipients: string[];
  @ApiProperty({ type: String, nullable: true, required: false, example: '71/NQ-CP' })
  source: string | null;
  @ApiProperty({ type: String, nullable: true, required: false, example: 'BCA' })
  agency: string | null;
}

export class ReportSchedules {
  @ApiProperty({ type: [ReportScheduleItem], maxItems: 20 })
  schedules: ReportScheduleItem[];
}

export class ReportSchedulesView extends ReportSchedules {
  @ApiProperty({
    type: [String],
    description: 'the run of each enabled schedule due next, ISO-8601 (same order as schedules; null when disabled)',
  })
  nextRuns: (string | null)[];
}

export class ReportSchedulesAnswer extends ReportSchedules {
  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;
  @ApiProperty({ type: 'integer', minimum: 1 })
  position: number;
}

export class ReportSchedulesBody extends ReportSchedules {
  @OccurredAt()
  occurredAt?: string;
}

class WebhookTarget {
  @ApiProperty({ example: 'bca-chat' })
  name: string;
  @ApiProperty({ example: 'https://chat.bca.gov.vn/hooks/dle' })
  url: string;
}

export class WebhookTargets {
  @ApiProperty({ type: [WebhookTarget] })
  targets: WebhookTarget[];
}
