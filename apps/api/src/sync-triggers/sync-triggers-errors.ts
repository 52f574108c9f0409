import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import {
  IntegrationPausedError,
  NotAnX3FlowError,
  TriggerFlowNotFoundError,
  TriggerIntegrationNotFoundError,
} from '#lb/sync';

/** The trigger service's errors as HTTP answers; anything else passes through unchanged. */
export async function answered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof TriggerIntegrationNotFoundError || error instanceof TriggerFlowNotFoundError) {
      throw new NotFoundException(error.message);
    }
    if (error instanceof NotAnX3FlowError)
      throw new BadRequestException({ message: error.message, code: 'not_x3_flow' });
    if (error instanceof IntegrationPausedError)
      throw new ConflictException({ message: error.message, code: 'paused' });
    throw error;
  }
}
