import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { RetryableError } from '../relationships/errors';
import type { DeadLetter, DeadLetterSink } from '../relationships/ports';
import { buildDeadLetterAttributes } from './dead-letter-attributes';

/** SendMessageBatch takes at most this many entries. */
export const SQS_BATCH_LIMIT = 10;

/** SQS did not accept a dead letter; the source message stays on its queue and is retried. */
export class DeadLetterSendError extends RetryableError {
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super('DEAD_LETTER_SEND_FAILED', `DLQ refused the message (${code}): ${message}`, options);
    this.name = 'DeadLetterSendError';
  }
}

export interface DeadLetterPublisherOptions {
  client: Pick<SQSClient, 'send'>;
  queueUrl: string;
  /** Told which attributes were left out to stay within SQS's limit of 10. */
  onAttributesDropped?: (messageId: string, dropped: string[]) => void;
}

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
};

/**
 * Parks dead letters with SendMessageBatch, ten at a time. Each letter settles on its own: an entry
 * SQS lists under `Failed` (or a whole call that throws) rejects only the letters it carried.
 */
export const createDeadLetterPublisher = (options: DeadLetterPublisherOptions): DeadLetterSink => {
  const { client, queueUrl, onAttributesDropped } = options;

  const sendChunk = async (letters: DeadLetter[]): Promise<PromiseSettledResult<void>[]> => {
    const entries = letters.map((letter, index) => {
      const { attributes, dropped } = buildDeadLetterAttributes(letter.messageAttributes, letter.failure);
      if (dropped.length > 0) onAttributesDropped?.(letter.messageId, dropped);
      return { Id: `m${index}`, MessageBody: letter.body, MessageAttributes: attributes };
    });
    let output: SendMessageBatchCommandOutput;
    try {
      output = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    } catch (error) {
      const reason = new DeadLetterSendError(
        error instanceof Error ? error.name : 'Error',
        error instanceof Error ? error.message : String(error),
        { cause: error },
      );
      return letters.map(() => ({ status: 'rejected', reason }));
    }
    const succeeded = new Set((output.Successful ?? []).map((entry) => entry.Id));
    const failed = new Map((output.Failed ?? []).map((entry) => [entry.Id, entry]));
    return entries.map(({ Id }): PromiseSettledResult<void> => {
      if (succeeded.has(Id)) return { status: 'fulfilled', value: undefined };
      const entry = failed.get(Id);
      return {
        status: 'rejected',
        reason: new DeadLetterSendError(
          entry?.Code ?? 'NoResult',
          entry?.Message ?? 'SQS reported neither success nor failure for the entry',
        ),
      };
    });
  };

  return {
    async publish(letters) {
      const settled = await Promise.all(chunk(letters, SQS_BATCH_LIMIT).map(sendChunk));
      return settled.flat();
    },
  };
};
