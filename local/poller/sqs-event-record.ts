import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSMessageAttribute, SQSRecord } from 'aws-lambda';

/** Where the records come from, as Lambda names it on every record. */
export interface RecordSource {
  queueArn: string;
  region: string;
}

const base64 = (bytes: Uint8Array | undefined): string | undefined =>
  bytes === undefined ? undefined : Buffer.from(bytes).toString('base64');

/**
 * Lambda hands attributes over in lower camel case, with binary values base64-encoded and the
 * (reserved, never filled) list fields present as empty arrays; a string attribute carries no
 * binaryValue key at all, and a binary one no stringValue.
 */
export const toLambdaMessageAttribute = (value: MessageAttributeValue): SQSMessageAttribute => {
  const attribute: SQSMessageAttribute = {
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map((item) => base64(item) as string),
    dataType: value.DataType ?? 'String',
  };
  if (value.StringValue !== undefined) attribute.stringValue = value.StringValue;
  if (value.BinaryValue !== undefined) attribute.binaryValue = base64(value.BinaryValue);
  return attribute;
};

const required = (message: Message, field: keyof Message): string => {
  const value = message[field];
  if (typeof value !== 'string') {
    throw new Error(`received SQS message lacks ${field}; was it received with all system attributes?`);
  }
  return value;
};

const systemAttribute = (message: Message, name: string): string => {
  const value = message.Attributes?.[name as keyof typeof message.Attributes];
  if (value === undefined) {
    throw new Error(
      `received SQS message lacks the ${name} attribute; receive with MessageSystemAttributeNames ['All']`,
    );
  }
  return value;
};

/**
 * Turns a message from ReceiveMessage (received with MessageSystemAttributeNames ['All'] and
 * MessageAttributeNames ['All']) into the record Lambda's SQS event source would deliver.
 * The one place this mapping lives: the local poller uses it, and tests build events with it.
 */
export const toSqsRecord = (message: Message, source: RecordSource): SQSRecord => {
  const attributes: SQSRecord['attributes'] = {
    ApproximateReceiveCount: systemAttribute(message, 'ApproximateReceiveCount'),
    SentTimestamp: systemAttribute(message, 'SentTimestamp'),
    SenderId: systemAttribute(message, 'SenderId'),
    ApproximateFirstReceiveTimestamp: systemAttribute(message, 'ApproximateFirstReceiveTimestamp'),
  };
  for (const optional of [
    'AWSTraceHeader',
    'MessageGroupId',
    'MessageDeduplicationId',
    'SequenceNumber',
  ] as const) {
    const value = message.Attributes?.[optional];
    if (value !== undefined) attributes[optional] = value;
  }
  const messageAttributes = Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      toLambdaMessageAttribute(value),
    ]),
  );
  const record: SQSRecord = {
    messageId: required(message, 'MessageId'),
    receiptHandle: required(message, 'ReceiptHandle'),
    body: required(message, 'Body'),
    attributes,
    messageAttributes,
    md5OfBody: required(message, 'MD5OfBody'),
    eventSource: 'aws:sqs',
    eventSourceARN: source.queueArn,
    awsRegion: source.region,
  };
  if (message.MD5OfMessageAttributes) record.md5OfMessageAttributes = message.MD5OfMessageAttributes;
  return record;
};
