import { Type, applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ApiErrors } from './api-errors';

/**
 * A command: it appends events. Documents the Idempotency-Key header, the answer (which
 * carries the stream `version` and the store `position` to pass as `minPosition` to later
 * reads) and the errors every command can give: 400 bad input, 409 state conflict, 413.
 */
export function ApiCommand(answer: Type<unknown>, status: 200 | 201 = 201, description = 'Recorded'): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: 200 },
      description:
        'the same key and body answer the same, appending nothing; the same key with another body is 409. Keys belong to the caller.',
    }),
    ApiResponse({ status, description, type: answer }),
    ApiErrors(400, 409, 413),
  );
}
