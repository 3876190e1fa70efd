import type { MessageAttributeValue, SendMessageCommandInput } from '@aws-sdk/client-sqs';
import {
  FAILURE_ATTRIBUTE,
  MAX_MESSAGE_ATTRIBUTES,
  REPLAY_COUNT_ATTRIBUTE,
} from '../../functions/relationships/dead-letter-format';
import type { DeadLetterView } from './dead-letter-view';

/** How often this message has been replayed before: the failure record, else a carried attribute. */
export const previousReplayCount = (view: DeadLetterView): number => {
  if (view.failure) return view.failure.replayCount;
  const carried = Number(view.attributes[REPLAY_COUNT_ATTRIBUTE]?.StringValue);
  return Number.isInteger(carried) && carried >= 0 ? carried : 0;
};

/** Only the fields SendMessage accepts; a received attribute also carries empty list fields. */
const copyAttribute = (attribute: MessageAttributeValue): MessageAttributeValue =>
  attribute.BinaryValue !== undefined
    ? { DataType: attribute.DataType, BinaryValue: attribute.BinaryValue }
    : { DataType: attribute.DataType, StringValue: attribute.StringValue };

/**
 * The message as it goes back: the same body byte for byte, the producer's attributes, no
 * failure record (it described the last failure, not this attempt) and the replay count + 1.
 */
export const replayRequest = (view: DeadLetterView, queueUrl: string): SendMessageCommandInput => {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, attribute] of Object.entries(view.attributes)) {
    if (name === FAILURE_ATTRIBUTE || name === REPLAY_COUNT_ATTRIBUTE) continue;
    attributes[name] = copyAttribute(attribute);
  }
  // The relay's DLQ keeps at most nine producer attributes next to its own; a message parked by
  // SQS's redrive alone may carry ten, and then the count cannot ride along.
  if (Object.keys(attributes).length < MAX_MESSAGE_ATTRIBUTES) {
    attributes[REPLAY_COUNT_ATTRIBUTE] = {
      DataType: 'Number',
      StringValue: String(previousReplayCount(view) + 1),
    };
  }
  return {
    QueueUrl: queueUrl,
    MessageBody: view.body,
    ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
  };
};
