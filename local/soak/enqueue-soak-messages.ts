import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SOAK_ID_ATTRIBUTE, type SoakMessage } from './message-generator';

/** Sends the soak's messages in batches of 10, each with its soak id as a message attribute. */
export const enqueueSoakMessages = async (
  client: SQSClient,
  queueUrl: string,
  messages: readonly SoakMessage[],
): Promise<void> => {
  for (let start = 0; start < messages.length; start += 10) {
    const chunk = messages.slice(start, start + 10);
    const { Failed = [] } = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((message, index) => ({
          Id: String(index),
          MessageBody: message.body,
          MessageAttributes: { [SOAK_ID_ATTRIBUTE]: { DataType: 'String', StringValue: message.soakId } },
        })),
      }),
    );
    // The soak cannot account for a message it never managed to enqueue: stop rather than guess.
    if (Failed.length > 0) {
      const ids = Failed.map((entry) => chunk[Number(entry.Id)]?.soakId).join(', ');
      throw new Error(`could not enqueue soak message(s) ${ids}: ${Failed[0]?.Message ?? 'unknown error'}`);
    }
  }
};
