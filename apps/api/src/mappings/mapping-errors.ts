import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { IntegrationNotFoundError, InvalidMappingError, MappingConflictError, MappingNotFoundError } from '#lb/mapping';

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
    throw error;
  }
}
