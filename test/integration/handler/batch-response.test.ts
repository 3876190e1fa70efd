import type { SQSBatchResponse } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHandler, type RelayRuntime } from '../../../functions/create-relationships/create-handler';
import { createRelayLogger, createRelayMetrics } from '../../../functions/observability/powertools';
import { createPowertoolsTelemetry } from '../../../functions/observability/powertools-telemetry';
import type { RelayService } from '../../../functions/relationships/relay-service';
import { startLogCapture } from '../../../local/soak/log-capture';
import { buildLambdaContext, buildSqsEvent, buildSqsRecord } from '../../support/sqs-event-builder';

const handlerWith = (service: RelayService) => {
  const logger = createRelayLogger({});
  const metrics = createRelayMetrics({});
  return createHandler({
    logger,
    metrics,
    wire: (): RelayRuntime => ({
      service,
      telemetry: createPowertoolsTelemetry(logger, metrics),
      takeInvocationSummary: () => ({}),
    }),
  });
};

const invoke = async (service: RelayService, records = [buildSqsRecord(), buildSqsRecord()]) => {
  const logs = startLogCapture();
  const context = buildLambdaContext();
  try {
    const response = (await handlerWith(service)(buildSqsEvent(records), context)) as SQSBatchResponse;
    return { response, records, context, lines: logs.lines() };
  } finally {
    logs.stop();
  }
};

describe('the handler response Lambda reads', () => {
  it('lists only ids that are in the batch, whatever the service reports', async () => {
    const records = [buildSqsRecord(), buildSqsRecord()];
    const service: RelayService = {
      processBatch: async () => ({ failedMessageIds: ['not-in-batch', records[1]?.messageId as string] }),
    };

    const { response } = await invoke(service, records);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: records[1]?.messageId }] });
  });

  it('hands every record back instead of throwing when the service fails unexpectedly', async () => {
    const service: RelayService = {
      processBatch: async () => {
        throw new Error('bug');
      },
    };

    const { response, records, lines } = await invoke(service);

    expect(response).toEqual({
      batchItemFailures: records.map((record) => ({ itemIdentifier: record.messageId })),
    });
    expect(lines.some((line) => line.includes('batch processing failed unexpectedly'))).toBe(true);
  });

  it('passes the remaining invocation time and the request id to the service', async () => {
    const seen: { remaining: number; referenceId?: string }[] = [];
    const service: RelayService = {
      processBatch: async (_, context) => {
        seen.push({ remaining: context.remainingTimeMs(), referenceId: context.referenceId });
        return { failedMessageIds: [] };
      },
    };

    const { context } = await invoke(service);

    expect(context.awsRequestId).not.toBe('');
    expect(seen).toEqual([{ remaining: 60_000, referenceId: context.awsRequestId }]);
  });
});
