import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import {
  LookupShapeError,
  MappingNotFoundError,
  SuggestionNotFoundError,
  SuggestionNotOfferedError,
  UnknownChartError,
} from '#lb/mapping';
import { answered } from './mapping-errors';

/** The suggestion service's own errors as HTTP answers; the rest as for mappings. */
export async function suggestionAnswer<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof SuggestionNotFoundError) throw new NotFoundException(error.message);
    if (error instanceof SuggestionNotOfferedError || error instanceof UnknownChartError)
      throw new BadRequestException(error.message);
    // accepting needs the mapping the pair goes into: it must have been saved (e.g. from a starter)
    if (error instanceof MappingNotFoundError)
      throw new ConflictException(`${error.message}: save that mapping (e.g. from a starter template) first`);
    if (error instanceof LookupShapeError) throw new ConflictException(error.message);
    return answered(Promise.reject(error instanceof Error ? error : new Error(String(error))));
  }
}
