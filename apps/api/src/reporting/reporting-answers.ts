import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import {
  InvalidReportingCursorError,
  MAX_ACTIVE_REPORTING_KEYS,
  ReportingKeyNotFoundError,
  TooManyReportingKeysError,
} from '#lb/reporting';

/** The reporting services' errors as HTTP answers; anything else passes through unchanged. */
export async function answered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ReportingKeyNotFoundError) throw new NotFoundException('Reporting key not found');
    if (error instanceof TooManyReportingKeysError) {
      throw new ConflictException({
        message: `At most ${MAX_ACTIVE_REPORTING_KEYS} reporting keys can be active: revoke one first`,
        code: 'too_many_reporting_keys',
      });
    }
    if (error instanceof InvalidReportingCursorError) {
      throw new BadRequestException('cursor is not one this api gave: start again without it');
    }
    throw error;
  }
}
