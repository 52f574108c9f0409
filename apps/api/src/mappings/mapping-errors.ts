import {
  BadGatewayException,
  BadRequestException,
  ConflictException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  IntegrationNotFoundError,
  InvalidMappingError,
  MappingConflictError,
  MappingNotFoundError,
  PreviewNotSupportedError,
  SourceSystemError,
} from '#lb/mapping';

/** The mapping services' own errors as HTTP answers; anything else passes through unchanged. */
export async function answered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof InvalidMappingError) {
      throw new BadRequestException({ message: `Mapping refused: ${error.message}`, code: 'invalid_mapping' });
    }
    if (error instanceof IntegrationNotFoundError || error instanceof MappingNotFoundError) {
      throw new NotFoundException(error.message);
    }
    if (error instanceof MappingConflictError) throw new ConflictException(error.message);
    if (error instanceof PreviewNotSupportedError) throw new BadRequestException(error.message);
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
