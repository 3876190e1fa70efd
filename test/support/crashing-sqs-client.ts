import type { SQSClient } from '@aws-sdk/client-sqs';
import { RetryableError } from '../../functions/relationships/errors';

/** Thrown by every call once the simulated process has died (a crash is worth retrying later). */
export class SimulatedCrashError extends RetryableError {
  constructor() {
    super('SIMULATED_CRASH', 'simulated crash: the process died here');
    this.name = 'SimulatedCrashError';
  }
}

/**
 * Wraps a real client; from the first call `diesAt` picks (and for every call after it, as a dead
 * process makes no more calls), nothing reaches SQS. What was already done stays done.
 */
export const crashingSqsClient = (
  inner: SQSClient,
  diesAt: (commandName: string, countOfThatCommand: number) => boolean,
): SQSClient => {
  const counts = new Map<string, number>();
  let dead = false;
  const send = async (command: { constructor: { name: string } }) => {
    const name = command.constructor.name;
    const count = (counts.get(name) ?? 0) + 1;
    counts.set(name, count);
    if (dead || diesAt(name, count)) {
      dead = true;
      throw new SimulatedCrashError();
    }
    return inner.send(command as Parameters<SQSClient['send']>[0]);
  };
  return { send, destroy: () => {} } as unknown as SQSClient;
};
