import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { BatchVerdict } from './batch-response';

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
  /** True while any poller holds received messages, or a timed-out invocation is still running. */
  busy(): boolean;
  /** Stops receiving, lets running invocations finish and their deletes land. */
  stop(): Promise<void>;
}

/** Settings checked together, every problem in one error, with Lambda's own limits. */
export const validatePollerOptions = (options: EventSourcePollerOptions) => {
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
