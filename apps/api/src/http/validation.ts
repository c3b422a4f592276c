import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError, ErrorDetail } from './api-error';

/** Flattens class-validator's tree into one detail per field at fault, named by its path. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const field = prefix ? (/^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`) : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      details.push({ field, message: message.replace(/^property \S+ /, '') });
    }
    if (error.children?.length) details.push(...flattenValidationErrors(error.children, field));
  }
  return details;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ApiError.badRequest(flattenValidationErrors(errors)),
  });
}
