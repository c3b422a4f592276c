import { ApiProperty } from '@nestjs/swagger';
import { AGENCY_KINDS } from '@app/domain';
import { EMAIL, Instant, OccurredAt } from '../openapi/schema-helpers';

/** Schemas of the agency answers and bodies (documentation only: the agency decider validates). */

export class AgencyHeadInput {
  @ApiProperty({ example: 'Lương Tam Quang', maxLength: 200 })
  name: string;
  @ApiProperty({ example: 'Bộ trưởng', maxLength: 200 })
  title: string;
  @ApiProperty({ format: EMAIL, example: 'bo-truong@bca.example.org' })
  email: string;
}

export class AgencyHead extends AgencyHeadInput {
  @Instant({ required: false, description: 'in office since (business time of the registration or change)' })
  since?: string;
}

export class ActingHead extends AgencyHeadInput {
  @ApiProperty({ format: 'date', description: 'first day acting (inclusive)' })
  from: string;
  @ApiProperty({ format: 'date', description: 'last day acting (inclusive)' })
  to: string;
}

export class Agency {
  @ApiProperty({ example: 'BCA', description: 'upper-case letters, digits and -' })
  code: string;
  @ApiProperty({ example: 'Bộ Công an' })
  name: string;
  @ApiProperty({ enum: AGENCY_KINDS, enumName: 'AgencyKind' })
  kind: string;
  @ApiProperty({ type: AgencyHead })
  head: AgencyHead;
  @ApiProperty({ type: ActingHead, nullable: true, description: 'who acts for the head over a period (escalations go to them then)' })
  actingHead: ActingHead | null;
}

export class AgencyCommandAnswer extends Agency {
  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'pass as minPosition to read it back' })
  position: number;
}

export class RegisterAgencyBody {
  @ApiProperty({ example: 'BCA', maxLength: 32, description: 'unique; upper-case letters, digits and -' })
  code: string;
  @ApiProperty({ example: 'Bộ Công an' })
  name: string;
  @ApiProperty({ enum: AGENCY_KINDS, enumName: 'AgencyKind' })
  kind: string;
  @ApiProperty({ type: AgencyHeadInput })
  head: AgencyHeadInput;
  @OccurredAt()
  occurredAt?: string;
}

/** PUT /agencies/{code}/head: the head itself. */
export class ChangeHeadBody extends AgencyHeadInput {
  @OccurredAt()
  occurredAt?: string;
}
