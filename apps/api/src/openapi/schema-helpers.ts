import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { TIME_INPUT } from './api-params';

/**
 * Small helpers for the schema classes beside each controller. Those classes only document:
 * the domain's parsers stay the validators (docs/architecture.md "The OpenAPI contract").
 */

/** Every member of a string union, checked by the compiler: a member added to the type must be added here. */
export function enumOf<T extends string>(members: Record<T, true>): T[] {
  return Object.keys(members) as T[];
}

/** Email addresses: the domain accepts internationalised ones (RFC 6531), e.g. head@đắk-lắk.example.org. */
export const EMAIL = 'idn-email';

const INSTANT = 'ISO-8601 with the offset of the deadline time zone';

/** An instant the API answers with. */
export const Instant = (options: { nullable?: boolean; description?: string; required?: boolean } = {}) =>
  ApiProperty({ type: String, format: 'date-time', description: options.description ?? INSTANT, ...options });

/** A calendar day, YYYY-MM-DD. */
export const Day = (options: { nullable?: boolean; description?: string; required?: boolean } = {}) =>
  ApiProperty({ type: String, format: 'date', ...options });

/** An optional instant a caller may give: ISO-8601 with an offset, or a plain date. */
export const TimeInput = (description: string) =>
  ApiPropertyOptional({ ...(TIME_INPUT as ApiPropertyOptions), description } as ApiPropertyOptions);

/** The optional business time a coordinator or admin may backdate a command to. */
export const OccurredAt = () =>
  TimeInput('business time of the command (coordinators and admins only; default now): ISO-8601 with offset, or a date');

/** A free-form JSON object (an event's data). */
export const AnyObject = (description: string) =>
  ApiProperty({ type: 'object', additionalProperties: true, description } as ApiPropertyOptions);
