import { ValidationPipe } from '@nestjs/common';

/**
 * Request bodies and queries are checked against their DTO classes: unknown fields are refused
 * (not silently dropped) so a client's typo is an error, and values are converted to the DTO's types.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
  });
}
