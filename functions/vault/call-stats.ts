import { readBurstHeaders } from './burst-headers';

/** What the Vault calls of one period cost, for metrics: calls made and how close the burst budget came to empty. */
export interface VaultCallStats {
  calls: number;
  /** The lowest X-VaultAPI-BurstLimitRemaining seen; undefined when no response carried it. */
  lowestBurstRemaining?: number;
  /** Responses Vault held back because the burst window's budget was spent. */
  delayedResponses: number;
}

export interface CallStatsRecorder {
  callStarted(): void;
  responseReceived(headers: Headers): void;
  /** Returns the stats since the previous take and starts a new period (one per invocation). */
  take(): VaultCallStats;
}

export const createCallStatsRecorder = (): CallStatsRecorder => {
  let stats: VaultCallStats = { calls: 0, delayedResponses: 0 };
  return {
    callStarted: () => {
      stats.calls += 1;
    },
    responseReceived: (headers) => {
      const reading = readBurstHeaders(headers);
      if (reading.remaining !== undefined) {
        stats.lowestBurstRemaining = Math.min(
          stats.lowestBurstRemaining ?? reading.remaining,
          reading.remaining,
        );
      }
      if ((reading.responseDelayMs ?? 0) > 0) stats.delayedResponses += 1;
    },
    take: () => {
      const taken = stats;
      stats = { calls: 0, delayedResponses: 0 };
      return taken;
    },
  };
};
