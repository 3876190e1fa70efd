import type { Context, SQSEvent } from 'aws-lambda';
import type { SqsBatchHandler } from '../event-source-poller';
import type { SeededRandom } from './seeded-random';

export interface CrashOptions {
  random: SeededRandom;
  /** Share of invocations abandoned mid-batch. */
  rate: number;
  /** The crash comes at a random moment up to this long after the invocation started. */
  maxDelayMs: number;
}

export interface CrashingHandler {
  handler: SqsBatchHandler;
  crashes(): number;
  /** Resolves when every abandoned invocation has finished in the background. */
  settled(): Promise<void>;
}

/**
 * Makes some invocations fail mid-batch, as a crashed or timed-out Lambda does: the poller gets an
 * error instead of a batch response, deletes nothing, and every record comes back after its
 * visibility timeout, whatever the handler had already done with it. The handler itself cannot be
 * killed in-process, so it runs on in the background and its late effects (a create, a DLQ send, a
 * visibility change on a stale receipt) land after the redelivery: a harsher mix than a real crash.
 */
export const withCrashes = (handler: SqsBatchHandler, options: CrashOptions): CrashingHandler => {
  let crashes = 0;
  const background = new Set<Promise<unknown>>();
  return {
    handler: async (event: SQSEvent, context: Context) => {
      const running = handler(event, context);
      if (!options.random.chance(options.rate)) return running;
      crashes += 1;
      const finished = running.catch(() => undefined).finally(() => background.delete(finished));
      background.add(finished);
      await new Promise((resolve) => setTimeout(resolve, options.random.int(options.maxDelayMs)));
      throw new Error('soak: invocation abandoned mid-batch');
    },
    crashes: () => crashes,
    settled: async () => {
      await Promise.all([...background]);
    },
  };
};
