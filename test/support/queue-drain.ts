import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** Visible and in-flight counts of a queue, as SQS reports them. */
export const queueDepth = async (client: SQSClient, queueUrl: string) => {
  const { Attributes = {} } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible),
  };
};

/**
 * Takes every message off a queue, including those still hidden by an earlier receive (it waits
 * for them to come back), and returns them with their attributes. Bounded, so a leak is named.
 */
export const drainQueue = async (client: SQSClient, queueUrl: string, { maxRounds = 60 } = {}) => {
  const messages: Message[] = [];
  for (let round = 0; round < maxRounds; round += 1) {
    const depth = await queueDepth(client, queueUrl);
    if (depth.visible === 0 && depth.inFlight === 0) return messages;
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 30,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) continue;
    messages.push(...Messages);
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({
          Id: `d${index}`,
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
  }
  throw new Error(`queue ${queueUrl} did not drain in ${maxRounds} rounds`);
};
