import { DeleteMessageBatchCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { type BatchVerdict, interpretBatchResponse } from './poller/batch-response';
import { createLambdaContext } from './poller/lambda-context';
import { createBatchCollector } from './poller/receive-batch';
import { toSqsRecord } from './poller/sqs-event-record';

/** The handler as Lambda calls it: one SQS event, one context, a promise of the batch response. */
export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<unknown>;

export interface EventSourcePollerOptions {
  client: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  handler: SqsBatchHandler;
  /** Records per invocation, 1..10000 as Lambda allows for standard queues. */
  batchSize: number;
  /** Lambda's MaximumBatchingWindowInSeconds, in ms; Lambda requires >= 1 s for batches over 10. */
  maximumBatchingWindowMs: number;
  /** The function timeout: the context counts down from it, and an invocation past it fails its batch. */
  functionTimeoutMs: number;
  /** Concurrent pollers, each invoking one batch at a time (the mapping's maximum concurrency). */
  concurrency: number;
  functionName?: string;
  waitTimeSeconds?: number;
  /** Called after each invocation's deletes, for progress and outcome tracking. */
  onInvocation?: (report: InvocationReport) => void;
  /** Receive or delete calls that failed; the poller carries on as Lambda does. */
  onPollError?: (error: unknown) => void;
}

export interface InvocationReport {
  poller: number;
  records: readonly SQSRecord[];
  verdict: BatchVerdict;
  /** Message ids deleted from the queue after the invocation. */
  deleted: readonly string[];
  durationMs: number;
}

export interface PollerCounters {
  receives: number;
  messagesReceived: number;
  /** Records delivered with ApproximateReceiveCount > 1. */
  redeliveries: number;
  invocations: number;
  recordsDeleted: number;
  /** Records left to their visibility timeout (batch item failures and failed batches). */
  recordsReturned: number;
  handlerErrors: number;
  timeouts: number;
  invalidResponses: number;
  deleteFailures: number;
}

export interface EventSourcePoller {
  counters(): PollerCounters;
  /** True while any poller holds received messages that are not yet settled. */
  busy(): boolean;
  /** Stops receiving, lets running invocations finish and their deletes land. */
  stop(): Promise<void>;
}

const validate = (options: EventSourcePollerOptions) => {
  const problems: string[] = [];
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1 || options.batchSize > 10_000) {
    problems.push('batchSize must be an integer from 1 to 10000');
  }
  if (options.batchSize > 10 && options.maximumBatchingWindowMs < 1000) {
    problems.push(
      'a batchSize over 10 needs a maximumBatchingWindowMs of at least 1000 (as Lambda requires)',
    );
  }
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1)
    problems.push('concurrency must be >= 1');
  if (!(options.functionTimeoutMs > 0)) problems.push('functionTimeoutMs must be positive');
  if (problems.length > 0) throw new Error(`event source poller: ${problems.join('; ')}`);
};

/** Starts `concurrency` pollers that drive `handler` like Lambda's SQS event source mapping. */
export const startEventSourcePoller = (options: EventSourcePollerOptions): EventSourcePoller => {
  validate(options);
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
    for (let start = 0; start < records.length; start += 10) {
      const chunk = records.slice(start, start + 10);
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
    busy: () => holding.size > 0,
    stop: async () => {
      stopping.abort();
      await Promise.all(loops);
      await Promise.all([...abandoned]);
    },
  };
};
