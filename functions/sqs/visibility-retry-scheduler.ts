import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { RetryableError } from '../relationships/errors';
import type { RetryScheduler } from '../relationships/ports';
import { chunkForBatch } from './batch-chunks';

/** Some visibility changes were refused; the messages still come back after the queue's own timeout. */
export class VisibilityChangeError extends RetryableError {
  constructor(failures: string[]) {
    super(
      'VISIBILITY_CHANGE_FAILED',
      `${failures.length} visibility change(s) refused: ${[...new Set(failures)].join(', ')}`,
    );
    this.name = 'VisibilityChangeError';
  }
}

export interface VisibilityRetrySchedulerOptions {
  client: Pick<SQSClient, 'send'>;
  /** The source queue the records were received from. */
  queueUrl: string;
}

/**
 * Spaces out redeliveries by setting each retried message's visibility timeout (ten per
 * ChangeMessageVisibilityBatch call). Lambda leaves a reported batch item failure on the queue with
 * whatever visibility it has, so this is what makes the back-off grow.
 */
export const createVisibilityRetryScheduler = ({
  client,
  queueUrl,
}: VisibilityRetrySchedulerOptions): RetryScheduler => ({
  async delay(items) {
    const failures: string[] = [];
    for (const part of chunkForBatch(items)) {
      const entries = part.map((item, index) => ({
        Id: `v${index}`,
        ReceiptHandle: item.receiptHandle,
        VisibilityTimeout: item.seconds,
      }));
      try {
        const output = await client.send(
          new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
        );
        for (const entry of output.Failed ?? []) failures.push(entry.Code ?? 'Unknown');
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        for (const _ of entries) failures.push(reason);
      }
    }
    if (failures.length > 0) throw new VisibilityChangeError(failures);
  },
});
