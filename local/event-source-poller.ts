import { DeleteMessageBatchCommand, type Message } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { chunkForBatch } from '../functions/sqs/batch-chunks';
import { type BatchVerdict, interpretBatchResponse } from './poller/batch-response';
import { createLambdaContext } from './poller/lambda-context';
import {
  type EventSourcePoller,
  type EventSourcePollerOptions,
  type PollerCounters,
  validatePollerOptions,
} from './poller/poller-contract';
import { createBatchCollector } from './poller/receive-batch';
import { toSqsRecord } from './poller/sqs-event-record';

export type {
  EventSourcePoller,
  EventSourcePollerOptions,
  InvocationReport,
  PollerCounters,
  SqsBatchHandler,
} from './poller/poller-contract';

/** Starts `concurrency` pollers that drive `handler` like Lambda's SQS event source mapping. */
export const startEventSourcePoller = (options: EventSourcePollerOptions): EventSourcePoller => {
  validatePollerOptions(options);
  const { client, queueUrl, handler, functionTimeoutMs, region } = options;
  const functionName = options.functionName ?? 'create-relationships';
  const counters: PollerCounters = {
    receives: 0,
    messagesReceived: 0,
    redeliveries: 0,
    invocations: 0,
    recordsDeleted: 0,
    recordsReturned: 0,
    handlerErrors: 0,
    timeouts: 0,
    invalidResponses: 0,
    deleteFailures: 0,
  };
  const collector = createBatchCollector({
    client,
    queueUrl,
    batchSize: options.batchSize,
    maximumBatchingWindowMs: options.maximumBatchingWindowMs,
    waitTimeSeconds: options.waitTimeSeconds ?? 1,
    onTopUpError: (error) => options.onPollError?.(error),
  });
  const stopping = new AbortController();
  const holding = new Set<number>();
  // A timed-out invocation keeps running in this process (Lambda would freeze it); stop() awaits it.
  const abandoned = new Set<Promise<unknown>>();

  const invoke = async (records: SQSRecord[]): Promise<BatchVerdict> => {
    const context = createLambdaContext({ functionName, timeoutMs: functionTimeoutMs, region });
    const running = Promise.resolve().then(() => handler({ Records: records }, context));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed-out'>((resolve) => {
      timer = setTimeout(() => resolve('timed-out'), functionTimeoutMs);
    });
    try {
      const result = await Promise.race([running, timedOut]);
      if (result === 'timed-out') {
        const settled = running.catch(() => undefined).finally(() => abandoned.delete(settled));
        abandoned.add(settled);
        return { kind: 'batch-failed', reason: 'timed-out', detail: `exceeded ${functionTimeoutMs} ms` };
      }
      return interpretBatchResponse(result, records);
    } catch (error) {
      return {
        kind: 'batch-failed',
        reason: 'threw',
        detail: error instanceof Error ? error.message : String(error),
      };
    } finally {
      clearTimeout(timer);
    }
  };

  const deleteSucceeded = async (records: readonly SQSRecord[]): Promise<string[]> => {
    const deleted: string[] = [];
    for (const chunk of chunkForBatch(records)) {
      try {
        const { Failed } = await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((record, index) => ({
              Id: String(index),
              ReceiptHandle: record.receiptHandle,
            })),
          }),
        );
        const failed = new Set((Failed ?? []).map((entry) => Number(entry.Id)));
        counters.deleteFailures += failed.size;
        chunk.forEach((record, index) => {
          if (!failed.has(index)) deleted.push(record.messageId);
        });
      } catch (error) {
        // Undeleted records come back after their visibility timeout: at-least-once, as in AWS.
        counters.deleteFailures += chunk.length;
        options.onPollError?.(error);
      }
    }
    return deleted;
  };

  const settle = async (poller: number, messages: Message[]) => {
    const records = messages.map((message) => toSqsRecord(message, { queueArn: options.queueArn, region }));
    counters.messagesReceived += records.length;
    counters.redeliveries += records.filter(
      (record) => Number(record.attributes.ApproximateReceiveCount) > 1,
    ).length;
    counters.invocations += 1;
    const startedAt = Date.now();
    const verdict = await invoke(records);
    if (verdict.kind === 'batch-failed') {
      if (verdict.reason === 'threw') counters.handlerErrors += 1;
      if (verdict.reason === 'timed-out') counters.timeouts += 1;
      if (verdict.reason === 'invalid-response') counters.invalidResponses += 1;
    }
    const succeeded =
      verdict.kind === 'partial' ? records.filter((record) => !verdict.failedIds.has(record.messageId)) : [];
    const deleted = await deleteSucceeded(succeeded);
    counters.recordsDeleted += deleted.length;
    counters.recordsReturned += records.length - succeeded.length;
    options.onInvocation?.({ poller, records, verdict, deleted, durationMs: Date.now() - startedAt });
  };

  const run = async (poller: number) => {
    while (!stopping.signal.aborted) {
      let messages: Message[];
      try {
        messages = await collector.collect(stopping.signal);
      } catch (error) {
        options.onPollError?.(error);
        if (stopping.signal.aborted) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      if (messages.length === 0) continue;
      holding.add(poller);
      try {
        await settle(poller, messages);
      } catch (error) {
        // A record that cannot be built (a message received without its attributes) or a failing
        // progress callback must not end this poller; the batch comes back after its visibility timeout.
        options.onPollError?.(error);
      } finally {
        holding.delete(poller);
      }
    }
  };

  const loops = Array.from({ length: options.concurrency }, (_, index) => run(index + 1));

  return {
    counters: () => ({ ...counters, receives: collector.receives() }),
    busy: () => holding.size > 0 || abandoned.size > 0,
    stop: async () => {
      stopping.abort();
      await Promise.all(loops);
      // Bounded: an invocation that never ends must not keep the process (or the run) alive.
      let timer: NodeJS.Timeout | undefined;
      const giveUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, functionTimeoutMs);
      });
      await Promise.race([Promise.all([...abandoned]), giveUp]);
      clearTimeout(timer);
    },
  };
};
