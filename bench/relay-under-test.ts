import { loadConfig } from '../functions/config';
import { createHandler } from '../functions/create-relationships/create-handler';
import { wireRelay } from '../functions/create-relationships/wiring';
import { createAdaptivePacer } from '../functions/vault/adaptive-pacer';
import type { SqsBatchHandler } from '../local/event-source-poller';

export interface RelayUnderTestOptions {
  /** false switches the gateway to one single-create call per message (scenario b). */
  bulk: boolean;
  /** The fake Vault's time-scaled burst window; the pacer must count in the same window. */
  burstWindowMs: number;
}

/**
 * The shipped handler (createHandler + wireRelay, the same composition as handler.ts, reading the
 * same environment) with two bench-only changes: the pacer is told the time-scaled window length
 * (and that it is the only container), and for scenario (b) the gateway's bulk switch is off.
 * Everything else is the default.
 */
export const loadRelayHandler = async (options: RelayUnderTestOptions): Promise<SqsBatchHandler> => {
  const config = loadConfig(process.env);
  const pacer = createAdaptivePacer({
    reserveFraction: config.burstReserveFraction,
    windowMs: options.burstWindowMs,
    // Locally every poller invokes the same handler instance, so one pacer spends for all of them:
    // one container. In AWS each of the event source's containers paces its share of the same
    // rate (PACER_CONTAINERS), which adds up to what this one pacer allows.
    containers: 1,
  });
  const handler = createHandler({
    wire: wireRelay(process.env, { pacer, gateway: options.bulk ? {} : { bulk: false } }),
  });
  return (event, context) => handler(event, context);
};
