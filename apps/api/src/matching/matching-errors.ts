import {
  BadGatewayException,
  BadRequestException,
  ConflictException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { SourceSystemError } from '#lb/mapping';
import { InvalidConfirmationError, MatchingConflictError, MatchingIntegrationNotFoundError } from '#lb/sync';

/** The matching service's errors as HTTP answers; anything else passes through unchanged. */
export async function answered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof MatchingIntegrationNotFoundError) throw new NotFoundException(error.message);
    if (error instanceof InvalidConfirmationError) {
      throw new BadRequestException({ message: error.message, code: 'invalid_confirmation' });
    }
    if (error instanceof MatchingConflictError) {
      throw new ConflictException({ message: error.message, code: error.code });
    }
    // The other system's trouble, said plainly: 503 when it did not answer, 502 when it refused.
    if (error instanceof SourceSystemError) {
      const body = { message: error.message, code: `${error.system}_${error.failure}`, expose: true };
      const options = { cause: error.cause };
      throw error.failure === 'unavailable'
        ? new ServiceUnavailableException(body, options)
        : new BadGatewayException(body, options);
    }
    throw error;
  }
}
