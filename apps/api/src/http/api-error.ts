import { HttpException, HttpStatus } from '@nestjs/common';

export interface ErrorDetail {
  field: string;
  message: string;
}

/** The one error shape of api.md: {"error": {"code", "message", "details"}}. */
export class ApiError extends HttpException {
  constructor(status: HttpStatus, code: string, message: string, details: ErrorDetail[] = []) {
    super({ error: { code, message, details } }, status);
  }

  static badRequest(details: ErrorDetail[], message = 'invalid input'): ApiError {
    const fields = details.map((d) => d.field).join(', ');
    return new ApiError(HttpStatus.BAD_REQUEST, 'validation_failed', fields ? `${message}: ${fields}` : message, details);
  }

  static notFound(what: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, 'not_found', `${what} not found`);
  }

  static forbidden(message: string): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, 'forbidden', message);
  }

  static conflict(code: string, message: string): ApiError {
    return new ApiError(HttpStatus.CONFLICT, code, message);
  }
}
