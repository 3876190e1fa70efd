import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createRelayLogger, createRelayMetrics } from '../observability/powertools';
import type { HandlerTelemetry, InvocationSummary } from '../observability/powertools-telemetry';
import { toBatchResponse } from '../relationships/partial-batch';
import type { RelayService } from '../relationships/relay-service';

/** Everything one container needs to handle batches; built once, on its first invocation. */
export interface RelayRuntime {
  service: RelayService;
  telemetry: HandlerTelemetry;
  /** Facts about the invocation that only the adapters know (Vault calls, execution ids). */
  takeInvocationSummary(): InvocationSummary;
}

export type Wire = (observability: {
  logger: Logger;
  metrics: Metrics;
}) => RelayRuntime | Promise<RelayRuntime>;

export interface HandlerOptions {
  wire: Wire;
  logger?: Logger;
  metrics?: Metrics;
}

/**
 * The Lambda entry as a factory: the handler module passes the real composition root, tests pass
 * theirs. The answer is exactly what Lambda's SQS event source reads with ReportBatchItemFailures.
 */
export const createHandler = ({
  wire,
  logger = createRelayLogger(),
  metrics = createRelayMetrics(),
}: HandlerOptions) => {
  let runtime: Promise<RelayRuntime> | undefined;
  const runtimeOnce = () => {
    runtime ??= Promise.resolve()
      .then(() => wire({ logger, metrics }))
      .catch((error: unknown) => {
        // A broken configuration fails every invocation loudly (the batch is retried by SQS)
        // rather than half-working; a later cold start with fixed settings recovers.
        runtime = undefined;
        logger.error('the relay could not start', error as Error);
        throw error;
      });
    return runtime;
  };

  const relay = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const { service, telemetry, takeInvocationSummary } = await runtimeOnce();
    const records = event.Records ?? [];
    let failedMessageIds: string[];
    try {
      ({ failedMessageIds } = await service.processBatch(records, {
        remainingTimeMs: () => context.getRemainingTimeInMillis(),
        referenceId: context.awsRequestId,
      }));
    } catch (error) {
      // The service settles every record itself; reaching this is a bug. Nothing is lost: every
      // record is handed back to SQS instead of failing the invocation.
      logger.error('batch processing failed unexpectedly; every record will be retried', error as Error);
      failedMessageIds = records.map((record) => record.messageId);
    }
    telemetry.finishInvocation(takeInvocationSummary());
    return toBatchResponse(records, failedMessageIds);
  };

  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler(relay);
};
