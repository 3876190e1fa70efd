import {
  type MessageAttributeValue,
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { RetryableError } from '../relationships/errors';
import type { DeadLetter, DeadLetterSink } from '../relationships/ports';
import { chunkForBatch } from './batch-chunks';
import { buildDeadLetterAttributes } from './dead-letter-attributes';

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

// SQS counts the body plus each attribute's name, type and value towards the message size.
const entrySize = (entry: SendMessageBatchRequestEntry): number =>
  Buffer.byteLength(entry.MessageBody ?? '') +
  Object.entries(entry.MessageAttributes ?? {}).reduce(
    (sum, [name, value]: [string, MessageAttributeValue]) =>
      sum +
      Buffer.byteLength(name) +
      Buffer.byteLength(value.DataType ?? '') +
      Buffer.byteLength(value.StringValue ?? '') +
      (value.BinaryValue?.byteLength ?? 0),
    0,
  );

/**
 * Parks dead letters with SendMessageBatch, ten at a time (fewer when their bodies are large).
 * Each letter settles on its own: an entry SQS lists under `Failed` (or a whole call that throws)
 * rejects only the letters it carried.
 */
export const createDeadLetterPublisher = (options: DeadLetterPublisherOptions): DeadLetterSink => {
  const { client, queueUrl, onAttributesDropped } = options;

  const toEntry = (letter: DeadLetter, index: number): SendMessageBatchRequestEntry => {
    const { attributes, dropped } = buildDeadLetterAttributes(letter.messageAttributes, letter.failure);
    if (dropped.length > 0) onAttributesDropped?.(letter.messageId, dropped);
    return { Id: `m${index}`, MessageBody: letter.body, MessageAttributes: attributes };
  };

  const sendChunk = async (
    entries: SendMessageBatchRequestEntry[],
  ): Promise<PromiseSettledResult<void>[]> => {
    let output: SendMessageBatchCommandOutput;
    try {
      output = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    } catch (error) {
      const reason = new DeadLetterSendError(
        error instanceof Error ? error.name : 'Error',
        error instanceof Error ? error.message : String(error),
        { cause: error },
      );
      return entries.map(() => ({ status: 'rejected', reason }));
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
      // Ids are unique across the whole publish, so chunks keep the letters' order when flattened.
      const chunks = chunkForBatch(letters.map(toEntry), entrySize);
      const settled = await Promise.all(chunks.map(sendChunk));
      return settled.flat();
    },
  };
};
