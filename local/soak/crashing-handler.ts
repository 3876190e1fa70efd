import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import type { SqsBatchHandler } from '../event-source-poller';
import { SOAK_ID_ATTRIBUTE } from './message-generator';
import type { SeededRandom } from './seeded-random';

/** What one container's handler talks through; the soak makes both inert when the container crashes. */
export interface ContainerIo {
  sqsClient: SQSClient;
  fetch: typeof fetch;
  /** How much faster than the wall clock the soak runs the relay's back-off and Vault's burst window. */
  timeScale: number;
}

/** Builds one container: a handler instance (its own session, breaker, pacer) whose I/O works while `alive()`. */
export type ContainerFactory = (alive: () => boolean) => Promise<SqsBatchHandler>;

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
  /** Soak ids of the messages whose invocation was abandoned (for explaining violations). */
  abandonedSoakIds(): Set<string>;
  /** Resolves when every crashed invocation has stopped running in the background. */
  settled(): Promise<void>;
}

/** A fetch that fails like a dead process once `alive()` turns false. */
export const killableFetch =
  (alive: () => boolean, inner: typeof fetch = globalThis.fetch): typeof fetch =>
  (input, init) =>
    alive() ? inner(input, init) : Promise.reject(new TypeError('fetch failed: this container has crashed'));

/**
 * Abandons some invocations mid-batch, as a crashed or timed-out Lambda does: the poller gets an
 * error instead of a batch response, deletes nothing, and every record comes back after its
 * visibility timeout. The container dies with it: its Vault and SQS I/O fail from that moment (a
 * request already on the wire still lands, as in AWS), and the next invocation gets a cold start.
 */
export const withCrashes = async (
  factory: ContainerFactory,
  options: CrashOptions,
): Promise<CrashingHandler> => {
  let crashes = 0;
  const spawn = async () => {
    const state = { alive: true };
    return { handler: await factory(() => state.alive), kill: () => (state.alive = false) };
  };
  let container = await spawn();
  const background = new Set<Promise<unknown>>();
  const abandoned = new Set<string>();
  return {
    handler: async (event: SQSEvent, context: Context) => {
      const running = container.handler(event, context);
      if (!options.random.chance(options.rate)) return running;
      // Mid-batch only: an invocation that finishes before its crash moment answers normally.
      const crashAt = options.random.int(options.maxDelayMs);
      let finished = false;
      const settled = running.then(
        () => {
          finished = true;
        },
        () => {
          finished = true;
        },
      );
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, crashAt))]);
      if (finished) return running;
      background.add(settled);
      void settled.finally(() => background.delete(settled));
      crashes += 1;
      for (const record of event.Records) {
        const soakId = record.messageAttributes?.[SOAK_ID_ATTRIBUTE]?.stringValue;
        if (soakId) abandoned.add(soakId);
      }
      container.kill();
      container = await spawn();
      throw new Error('soak: invocation abandoned mid-batch');
    },
    crashes: () => crashes,
    abandonedSoakIds: () => abandoned,
    settled: async () => {
      await Promise.all([...background]);
    },
  };
};
