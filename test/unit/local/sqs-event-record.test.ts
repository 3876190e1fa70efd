import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { toSqsRecord } from '../../../local/poller/sqs-event-record';

const source = { queueArn: 'arn:aws:sqs:us-east-1:000000000000:relay', region: 'us-east-1' };

const received = (overrides: Partial<Message> = {}): Message => ({
  MessageId: 'm-1',
  ReceiptHandle: 'r-1',
  Body: '{}',
  MD5OfBody: '99914b932bd37a50b983c5e7c90ae93b',
  Attributes: {
    ApproximateReceiveCount: '3',
    SentTimestamp: '1700000000000',
    SenderId: 'AIDAEXAMPLE',
    ApproximateFirstReceiveTimestamp: '1700000000100',
  },
  ...overrides,
});

describe('toSqsRecord', () => {
  it('maps a received message to the record Lambda delivers', () => {
    const message = received({
      MD5OfMessageAttributes: 'abc',
      MessageAttributes: {
        count: { DataType: 'Number', StringValue: '7' },
        raw: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
      },
    });

    const record = toSqsRecord(message, source);

    expect(record).toEqual({
      messageId: 'm-1',
      receiptHandle: 'r-1',
      body: '{}',
      attributes: {
        ApproximateReceiveCount: '3',
        SentTimestamp: '1700000000000',
        SenderId: 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: '1700000000100',
      },
      messageAttributes: {
        count: { stringValue: '7', stringListValues: [], binaryListValues: [], dataType: 'Number' },
        raw: { binaryValue: 'AQID', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
      md5OfBody: '99914b932bd37a50b983c5e7c90ae93b',
      md5OfMessageAttributes: 'abc',
      eventSource: 'aws:sqs',
      eventSourceARN: source.queueArn,
      awsRegion: 'us-east-1',
    });
  });

  it('refuses a message received without its system attributes, naming the one missing', () => {
    const message = received({ Attributes: { SentTimestamp: '1' } });

    const build = () => toSqsRecord(message, source);

    expect(build).toThrow(/ApproximateReceiveCount/);
  });
});
