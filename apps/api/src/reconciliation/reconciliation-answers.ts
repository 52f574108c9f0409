import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { EntitlementError } from '#lb/billing';
import {
  DifferenceDecidedError,
  FixInputError,
  FixNotAutomaticError,
  ReconciliationInvalidError,
  ReconciliationNotFoundError,
} from '#lb/reconciliation';
import { planLimitException } from '../billing/billing-errors';

/** The reconciliation routes' errors as HTTP answers: not found, plan limit, bad input, conflict. */
export async function answered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof ReconciliationNotFoundError) throw new NotFoundException(e.message);
    if (e instanceof EntitlementError) throw planLimitException(e);
    if (e instanceof ReconciliationInvalidError || e instanceof FixInputError) throw new BadRequestException(e.message);
    if (e instanceof DifferenceDecidedError || e instanceof FixNotAutomaticError)
      throw new ConflictException(e.message);
    throw e;
  }
}
