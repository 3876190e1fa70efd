import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** SQS takes at most ten entries per SendMessageBatch. */
export const SQS_BATCH_SIZE = 10;

export interface OutgoingEntry {
  /** Unique within the run; also the batch entry id (letters, digits, hyphens). */
  id: string;
  body: string;
}

export interface FailedEntry {
  id: string;
  code: string;
  message: string;
}

export interface SendBatchesOptions {
  sqs: SQSClient;
  queueUrl: string;
  entries: readonly OutgoingEntry[];
  /** Tries per entry, counting the first. */
  maxAttempts: number;
  /** First back-off; doubled on each further try. */
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  onSent: (count: number) => void;
}

export interface SendBatchesResult {
  sent: number;
  /** Entries that needed more than one try and then went through. */
  retried: number;
  failed: FailedEntry[];
}

/**
 * Sends entries ten at a time. A batch call can succeed while some of its entries fail; those
 * are sent again with back-off, except the ones SQS blames on the sender (too large, bad
 * characters), which no retry can fix. A call that throws stops the run: the SDK already retried
 * it, and what it says (missing queue, no credentials) applies to every later batch too.
 */
export const sendInBatches = async (options: SendBatchesOptions): Promise<SendBatchesResult> => {
  const result: SendBatchesResult = { sent: 0, retried: 0, failed: [] };
  for (let offset = 0; offset < options.entries.length; offset += SQS_BATCH_SIZE) {
    let pending = options.entries.slice(offset, offset + SQS_BATCH_SIZE);
    const lastFailure = new Map<string, FailedEntry>();
    for (let attempt = 1; attempt <= options.maxAttempts && pending.length > 0; attempt += 1) {
      if (attempt > 1) await options.sleep(options.baseDelayMs * 2 ** (attempt - 2));
      const response = await options.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: pending.map((entry) => ({ Id: entry.id, MessageBody: entry.body })),
        }),
      );
      const succeeded = response.Successful?.length ?? 0;
      result.sent += succeeded;
      if (attempt > 1) result.retried += succeeded;
      options.onSent(succeeded);
      const retry = new Set<string>();
      for (const failure of response.Failed ?? []) {
        const failed = {
          id: failure.Id ?? '?',
          code: failure.Code ?? 'Unknown',
          message: failure.Message ?? '',
        };
        if (failure.SenderFault) result.failed.push(failed);
        else {
          retry.add(failed.id);
          lastFailure.set(failed.id, failed);
        }
      }
      pending = pending.filter((entry) => retry.has(entry.id));
    }
    for (const entry of pending) {
      result.failed.push(lastFailure.get(entry.id) ?? { id: entry.id, code: 'Unknown', message: '' });
    }
  }
  return result;
};
