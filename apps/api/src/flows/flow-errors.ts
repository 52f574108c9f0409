import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import {
  FlowConflictError,
  FlowIntegrationNotFoundError,
  FlowNotFoundError,
  FlowRunConflictError,
  FlowRunForbiddenError,
  FlowRunNotFoundError,
  InvalidFlowError,
  OperationRefusedError,
  PendingChangeNotFoundError,
  RecentAuthRequiredError,
} from '#lb/sync';
import { IntegrationNotFoundError, MappingNotFoundError } from '#lb/mapping';
import { EntitlementError } from '#lb/billing';
import { planLimitException } from '../billing/billing-errors';

/** The flow and operations services' errors as HTTP answers; anything else passes through unchanged. */
export async function answered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof EntitlementError) throw planLimitException(error);
    if (error instanceof InvalidFlowError) {
      throw new BadRequestException({ message: `Flow refused: ${error.message}`, code: 'invalid_flow' });
    }
    if (
      error instanceof FlowIntegrationNotFoundError ||
      error instanceof IntegrationNotFoundError ||
      error instanceof FlowNotFoundError ||
      error instanceof MappingNotFoundError ||
      error instanceof PendingChangeNotFoundError ||
      error instanceof FlowRunNotFoundError
    ) {
      throw new NotFoundException(error.message);
    }
    if (error instanceof FlowConflictError || error instanceof FlowRunConflictError)
      throw new ConflictException(error.message);
    if (error instanceof FlowRunForbiddenError) throw new ForbiddenException(error.message);
    // The same answer as every other change that needs a fresh Sign in with Xero (recent-auth.guard.ts).
    if (error instanceof RecentAuthRequiredError) {
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: error.message,
        code: 'reauth_required',
      });
    }
    if (error instanceof OperationRefusedError) throw new BadRequestException(error.message);
    throw error;
  }
}
