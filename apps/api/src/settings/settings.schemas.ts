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
