import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  type EventSourcePollerOptions,
  type PollerCounters,
  startEventSourcePoller,
} from '../event-source-poller';
import { isEmpty, type QueueDepth, queueDepth } from './queue-depth';

export interface DrainOptions {
  poller: EventSourcePollerOptions;
  sqs: SQSClient;
  /** Gives up (drained: false) after this long. */
  timeoutMs: number;
  /** Stops early, e.g. on SIGINT. */
  signal: AbortSignal;
  onTick?: (depth: QueueDepth, counters: PollerCounters) => void;
  tickMs?: number;
}

export interface DrainResult {
  drained: boolean;
  counters: PollerCounters;
  elapsedMs: number;
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Runs the pollers until the source queue is drained: nothing visible, nothing in flight (a
 * retried message waiting out its back-off is in flight), nothing delayed, and no poller holding
 * a batch — seen twice in a row, so a batch between receive and invoke is not missed.
 */
export const drainQueue = async (options: DrainOptions): Promise<DrainResult> => {
  const startedAt = Date.now();
  const poller = startEventSourcePoller(options.poller);
  let quietChecks = 0;
  try {
    while (!options.signal.aborted && Date.now() - startedAt < options.timeoutMs) {
      await pause(options.tickMs ?? 250, options.signal);
      const depth = await queueDepth(options.sqs, options.poller.queueUrl);
      options.onTick?.(depth, poller.counters());
      quietChecks = isEmpty(depth) && !poller.busy() ? quietChecks + 1 : 0;
      if (quietChecks >= 2)
        return { drained: true, counters: poller.counters(), elapsedMs: Date.now() - startedAt };
    }
    return { drained: false, counters: poller.counters(), elapsedMs: Date.now() - startedAt };
  } finally {
    await poller.stop();
  }
};
