import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { FAILURE_ATTRIBUTE } from '../../functions/relationships/dead-letter-format';
import type { DeadLetterRecord } from './invariants';
import { SOAK_ID_ATTRIBUTE } from './message-generator';

/**
 * Empties the DLQ at the end of a run (receive, then delete) and returns what each message carried:
 * its soak id and its relay.failure attribute. Stops after two empty receives in a row.
 */
export const readAllDeadLetters = async (
  client: SQSClient,
  queueUrl: string,
): Promise<DeadLetterRecord[]> => {
  const records: DeadLetterRecord[] = [];
  let emptyReceives = 0;
  while (emptyReceives < 2) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        VisibilityTimeout: 300,
        WaitTimeSeconds: 0,
      }),
    );
    emptyReceives = Messages.length === 0 ? emptyReceives + 1 : 0;
    if (Messages.length === 0) continue;
    for (const message of Messages) {
      records.push({
        sqsMessageId: message.MessageId ?? '(no id)',
        soakId: message.MessageAttributes?.[SOAK_ID_ATTRIBUTE]?.StringValue,
        failureAttribute: message.MessageAttributes?.[FAILURE_ATTRIBUTE]?.StringValue,
      });
    }
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
  }
  return records;
};
