import { ApiProperty } from '@nestjs/swagger';

/** One field at fault: `deadline`, `assignee.email`, `emails[2]`, `body`, `Idempotency-Key`. */
export class ErrorDetail {
  @ApiProperty({ description: 'the field at fault, by its path in the body, query or headers', example: 'assignee.email' })
  field: string;

  @ApiProperty({ example: 'must be an email address' })
  message: string;
}

export class ErrorBody {
  @ApiProperty({
    description: 'stable, never translated: validation_failed, malformed_json, unauthorized, forbidden, not_found, conflict codes…',
    example: 'validation_failed',
  })
  code: string;

  @ApiProperty({ example: 'invalid input: assignee.email' })
  message: string;

  @ApiProperty({ type: [ErrorDetail], description: 'every field at fault (400); empty otherwise' })
  details: ErrorDetail[];
}

/** The one error shape of api.md, for every 4xx and 5xx: `{"error": {code, message, details}}`. */
export class ErrorEnvelope {
  @ApiProperty({ type: ErrorBody })
  error: ErrorBody;
}
