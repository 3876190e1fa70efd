import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Outcome } from '../relationships/outcome';
import type { MessageOutcomeEvent, RelayTelemetry } from '../relationships/relay-telemetry';
import { RELAY_METRICS } from './relay-metrics';

/** What the Vault gateway reports about one invocation's calls (its `takeCallStats()`). */
export interface VaultCallFigures {
  calls: number;
  lowestBurstRemaining?: number;
  delayedResponses?: number;
}

export interface InvocationSummary {
  vaultCalls?: VaultCallFigures;
  vaultExecutionIds?: string[];
}

/** The telemetry the handler drives: per-message lines during the batch, one summary at its end. */
export interface HandlerTelemetry extends RelayTelemetry {
  /** Adds this invocation's counters as metrics and logs a one-line summary; resets the counters. */
  finishInvocation(summary: InvocationSummary): void;
}

const outcomeMetric: Record<Outcome, string> = {
  created: RELAY_METRICS.created,
  existed: RELAY_METRICS.existed,
  rejected: RELAY_METRICS.rejected,
  retried: RELAY_METRICS.retried,
  exhausted: RELAY_METRICS.exhausted,
};

const emptyCounts = () => ({
  created: 0,
  existed: 0,
  rejected: 0,
  retried: 0,
  exhausted: 0,
  deadLetterSendFailed: 0,
});

/**
 * Powertools-backed telemetry. Logs carry ids, outcome and reason only: the body and anything
 * from the secret never reach this class. `latestExecutionId` is the last Vault response seen.
 */
export const createPowertoolsTelemetry = (
  logger: Logger,
  metrics: Metrics,
  latestExecutionId: () => string | undefined = () => undefined,
): HandlerTelemetry => {
  let counts = emptyCounts();
  return {
    messageOutcome(event: MessageOutcomeEvent) {
      counts[event.outcome] += 1;
      if (event.deadLetter === 'failed') counts.deadLetterSendFailed += 1;
      const executionId = event.sentToVault ? latestExecutionId() : undefined;
      const line = { ...event, ...(executionId === undefined ? {} : { vaultExecutionId: executionId }) };
      if (event.deadLetter === 'failed') logger.error('message outcome', line);
      else if (event.outcome === 'created' || event.outcome === 'existed')
        logger.info('message outcome', line);
      else logger.warn('message outcome', line);
    },
    warning(message, details) {
      logger.warn(message, details);
    },
    finishInvocation({ vaultCalls, vaultExecutionIds }) {
      for (const [outcome, name] of Object.entries(outcomeMetric) as [Outcome, string][]) {
        metrics.addMetric(name, MetricUnit.Count, counts[outcome]);
      }
      metrics.addMetric(RELAY_METRICS.deadLetterSendFailed, MetricUnit.Count, counts.deadLetterSendFailed);
      if (vaultCalls) {
        metrics.addMetric(RELAY_METRICS.vaultCalls, MetricUnit.Count, vaultCalls.calls);
        if (vaultCalls.lowestBurstRemaining !== undefined) {
          metrics.addMetric(
            RELAY_METRICS.lowestBurstRemaining,
            MetricUnit.Count,
            vaultCalls.lowestBurstRemaining,
          );
        }
        if (vaultCalls.delayedResponses !== undefined) {
          metrics.addMetric(
            RELAY_METRICS.vaultDelayedResponses,
            MetricUnit.Count,
            vaultCalls.delayedResponses,
          );
        }
      }
      logger.info('batch finished', { ...counts, vaultCalls, vaultExecutionIds });
      counts = emptyCounts();
    },
  };
};
