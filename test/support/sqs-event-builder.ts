import type { Message } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSMessageAttribute, SQSRecord } from 'aws-lambda';
import type { RelationshipMessage, RelationshipMessageInput } from '../../functions/relationships/message';
import { createLambdaContext } from '../../local/poller/lambda-context';
import { toSqsRecord } from '../../local/poller/sqs-event-record';

export const TEST_QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:relay-source';
export const TEST_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/relay-source';
export const TEST_DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/relay-source-dlq';
/** 2026-01-02T03:04:05.000Z, when the test messages were first received. */
export const FIRST_RECEIVED_AT = Date.UTC(2026, 0, 2, 3, 4, 5);

/** The seed page's example relationship (doc 548 v0.1 supported by doc 549 v0.2), as parsed. */
export const seedRelationshipMessage = (): RelationshipMessage => ({
  source_doc_id__v: 548,
  source_major_version__v: 0,
  source_minor_version__v: 1,
  target_doc_id__v: 549,
  target_major_version__v: 0,
  target_minor_version__v: 2,
  relationship_type__v: 'supporting_documents__vs',
});

/** The seed example as a producer may write it, with any fields changed. */
export const seedRelationship = (
  overrides: Partial<RelationshipMessageInput> = {},
): RelationshipMessageInput => ({ ...seedRelationshipMessage(), ...overrides });

/** A body as a producer would send it: JSON of the relationship. */
export const relationshipBody = (overrides: Partial<RelationshipMessageInput> = {}): string =>
  JSON.stringify(seedRelationship(overrides));

export const stringAttribute = (value: string, dataType = 'String'): SQSMessageAttribute => ({
  stringValue: value,
  stringListValues: [],
  binaryListValues: [],
  dataType,
});

/** Lambda delivers binary attributes base64-encoded. */
export const binaryAttribute = (bytes: Uint8Array, dataType = 'Binary'): SQSMessageAttribute => ({
  binaryValue: Buffer.from(bytes).toString('base64'),
  stringListValues: [],
  binaryListValues: [],
  dataType,
});

export interface RecordOptions {
  messageId?: string;
  body?: string;
  receiveCount?: number;
  firstReceivedAt?: number;
  receiptHandle?: string;
  messageAttributes?: Record<string, SQSMessageAttribute>;
}

let sequence = 0;

/** One SQS record as Lambda delivers it; every field can be overridden. */
export const buildSqsRecord = (options: RecordOptions = {}): SQSRecord => {
  sequence += 1;
  const messageId = options.messageId ?? `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
  return {
    messageId,
    receiptHandle: options.receiptHandle ?? `receipt-${messageId}`,
    body: options.body ?? relationshipBody(),
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: String(FIRST_RECEIVED_AT - 1000),
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(options.firstReceivedAt ?? FIRST_RECEIVED_AT),
    },
    messageAttributes: options.messageAttributes ?? {},
    md5OfBody: 'not-checked-by-the-relay',
    eventSource: 'aws:sqs',
    eventSourceARN: TEST_QUEUE_ARN,
    awsRegion: 'us-east-1',
  };
};

export const buildSqsEvent = (records: SQSRecord[]): SQSEvent => ({ Records: records });

/** Messages really received from a queue (with all attributes), as Lambda would hand them over. */
export const eventFromReceivedMessages = (messages: readonly Message[], queueArn: string): SQSEvent => ({
  Records: messages.map((message) => toSqsRecord(message, { queueArn, region: 'us-east-1' })),
});

/** A Lambda context whose remaining time is fixed (or counts down with a given clock). */
export const buildLambdaContext = (options: { remainingMs?: number; now?: () => number } = {}): Context =>
  createLambdaContext({
    functionName: 'relay-test',
    timeoutMs: options.remainingMs ?? 60_000,
    region: 'us-east-1',
    now: options.now ?? (() => 0),
  });
