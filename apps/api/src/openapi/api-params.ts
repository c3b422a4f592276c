import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

/** An instant as the API takes it: ISO-8601 with an offset, or a plain date (api.md "Times"). */
export const TIME_INPUT = {
  oneOf: [
    { type: 'string', format: 'date-time', example: '2026-03-31T17:00:00+07:00' },
    { type: 'string', format: 'date', example: '2026-03-31' },
  ],
};

/** `?minPosition=`: read-your-writes over the eventually consistent read models. */
export function ApiMinPosition(): MethodDecorator {
  return ApiQuery({
    name: 'minPosition',
    required: false,
    schema: { type: 'integer', minimum: 0 },
    description:
      "wait (bounded by MIN_POSITION_WAIT_MS, then 503) until the read models have applied this event position (a command answer's `position`)",
  });
}

/** `?asOf=&knownAt=`: the past in business time and in record time. */
export function ApiTimeTravel(
  descriptions: { asOf?: string; knownAt?: string } = {},
  which: ('asOf' | 'knownAt')[] = ['asOf', 'knownAt'],
): MethodDecorator {
  const text = {
    asOf:
      descriptions.asOf ??
      'business time (ISO-8601 with offset, or a date = end of that day); default now. Events that occurred by then, status evaluated then.',
    knownAt:
      descriptions.knownAt ?? 'record time (ISO-8601 with offset, or a date = end of that day); default now. Only events recorded by then.',
  };
  return applyDecorators(...which.map((name) => ApiQuery({ name, required: false, schema: TIME_INPUT, description: text[name] })));
}

/** `?limit=`: page size. */
export function ApiLimit(max: number, fallback: number): MethodDecorator {
  return ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: max, default: fallback },
    description: `page size, 1-${max} (default ${fallback})`,
  });
}

/** A free-text filter such as an agency code or a source document's ref. */
export function ApiTextQuery(name: string, description: string, example?: string): MethodDecorator {
  return ApiQuery({ name, required: false, schema: { type: 'string', ...(example ? { example } : {}) }, description });
}
