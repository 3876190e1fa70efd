import { loadConfig } from '../../functions/config';
import { createHandler, wireRelay } from '../../functions/create-relationships/wiring';
import { type AdaptivePacer, createAdaptivePacer } from '../../functions/vault/adaptive-pacer';
import type { SqsBatchHandler } from '../event-source-poller';
import type { ContainerIo } from './crashing-handler';

/**
 * The pacer's view of time runs `scale` times faster than the wall clock, like the soak's retry
 * back-off: its five-minute burst window is the fake's shortened one, and the hints it gives
 * ("retry in N s") are in the same production seconds as the relay's back-off, which the soak's SQS
 * client then divides by the same factor. One time scale for both keeps the relay's arithmetic
 * (the longer of back-off and hint) meaningful.
 */
const fastPacerTime = (scale: number) => {
  const origin = Date.now();
  return {
    clock: { now: () => origin + (Date.now() - origin) * scale },
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms / scale)),
  };
};

/**
 * The client says how long a call can wait in wall-clock milliseconds (the invocation's time left);
 * the pacer counts in its own fast time, so the budget is scaled to it. Without this a paused pacer
 * would think it can afford only a tenth of what it can.
 */
const onPacerTime = (pacer: AdaptivePacer, scale: number): AdaptivePacer => ({
  ...pacer,
  acquire: (options) =>
    pacer.acquire(options?.maxWaitMs === undefined ? options : { maxWaitMs: options.maxWaitMs * scale }),
});

/**
 * One handler instance, wired exactly as the Lambda entry is (same composition root, same
 * environment), except for its I/O: the soak's faulty SQS client, a fetch that dies with the
 * container, and a pacer on the soak's time scale. Each instance has its own Vault session,
 * secret cache, login breaker and pacer, like one Lambda container.
 */
export const createSoakHandler = (io: ContainerIo): SqsBatchHandler =>
  createHandler({
    // Read on the first invocation, like the production wiring: the pacer takes the same settings
    // (reserve, PACER_CONTAINERS) as the one wireRelay would build.
    wire: (dependencies) => {
      const config = loadConfig(process.env);
      return wireRelay(process.env, {
        sqsClient: io.sqsClient,
        fetch: io.fetch,
        pacer: onPacerTime(
          createAdaptivePacer({
            reserveFraction: config.burstReserveFraction,
            containers: config.pacerContainers,
            ...fastPacerTime(io.timeScale),
          }),
          io.timeScale,
        ),
      })(dependencies);
    },
  }) as unknown as SqsBatchHandler;
