import { retryDelaySeconds } from './backoff';
import { PermanentError, RetryableError } from './errors';
import type { CreateResult } from './ports';

/** The five ways a message can end (DESIGN.md "Outcomes"). */
export type Outcome = 'created' | 'existed' | 'rejected' | 'retried' | 'exhausted';

export type Decision =
  | { outcome: 'created'; relationshipId: number }
  | { outcome: 'existed' }
  | { outcome: 'rejected'; error: PermanentError }
  | { outcome: 'exhausted'; error: RetryableError }
  | { outcome: 'retried'; error: RetryableError; delaySeconds: number };

/**
 * Anything that is not one of the two relay error kinds (a bug, an SDK surprise) is treated as
 * transient: retrying is safe, and the attempt limit still parks it with its reason in the end.
 */
export const asRelayError = (reason: unknown): RetryableError | PermanentError => {
  if (reason instanceof RetryableError || reason instanceof PermanentError) return reason;
  const message = reason instanceof Error ? reason.message : String(reason);
  return new RetryableError('UNEXPECTED_FAILURE', message, { cause: reason });
};

/**
 * Maps one settled gateway result to an outcome. `receiveCount` is SQS's ApproximateReceiveCount
 * for this delivery: on the last allowed attempt a transient failure is final.
 */
export const decideOutcome = (
  settled: PromiseSettledResult<CreateResult>,
  receiveCount: number,
  maxAttempts: number,
): Decision => {
  if (settled.status === 'fulfilled') {
    return settled.value.kind === 'created'
      ? { outcome: 'created', relationshipId: settled.value.id }
      : { outcome: 'existed' };
  }
  return decideFailure(asRelayError(settled.reason), receiveCount, maxAttempts);
};

export const decideFailure = (
  error: RetryableError | PermanentError,
  receiveCount: number,
  maxAttempts: number,
): Decision => {
  if (error instanceof PermanentError) return { outcome: 'rejected', error };
  if (receiveCount >= maxAttempts) return { outcome: 'exhausted', error };
  return {
    outcome: 'retried',
    error,
    delaySeconds: retryDelaySeconds(receiveCount, error.retryAfterSeconds),
  };
};
