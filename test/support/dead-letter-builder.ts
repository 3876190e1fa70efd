import { randomUUID } from 'node:crypto';
import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RelayFailure } from '../../functions/relationships/dead-letter-format';
import type { MessageAttribute } from '../../functions/relationships/ports';
import { buildDeadLetterAttributes } from '../../functions/sqs/dead-letter-attributes';
import { seedRelationshipMessage } from './sqs-event-builder';

/** A `relay.failure` record as the relay writes it for a permanent Vault rejection. */
export const aRelayFailure = (overrides: Partial<RelayFailure> = {}): RelayFailure => ({
  code: 'VAULT_INVALID_DATA',
  category: 'permanent',
  message: 'Invalid value [99999] for field [target_doc_id__v]',
  vaultErrorType: 'INVALID_DATA',
  attempts: 1,
  sourceMessageId: randomUUID(),
  sourceQueue: 'https://sqs.us-east-1.amazonaws.com/123456789012/relationships',
  firstReceivedAt: '2026-12-01T09:00:00.000Z',
  failedAt: '2026-12-01T09:00:05.000Z',
  replayCount: 0,
  ...overrides,
});

/** A relationship body; `marker` becomes the source document id so tests can tell bodies apart. */
export const aRelationshipBody = (marker: number, overrides: Record<string, unknown> = {}): string =>
  JSON.stringify({ ...seedRelationshipMessage(), source_doc_id__v: marker, ...overrides });

export interface DeadLetterSpec {
  body: string;
  /** Omit for a message parked by SQS's own redrive (no failure record). */
  failure?: RelayFailure;
  /** The producer's own attributes, Lambda-style, as the relay received them. */
  producerAttributes?: Record<string, MessageAttribute>;
}

/** The attributes the relay's dead-letter publisher would give this message. */
export const deadLetterAttributes = (spec: DeadLetterSpec): Record<string, MessageAttributeValue> => {
  const producer = spec.producerAttributes ?? {};
  if (spec.failure) return buildDeadLetterAttributes(producer, spec.failure).attributes;
  return Object.fromEntries(
    Object.entries(producer).map(([name, value]) => [
      name,
      { DataType: value.dataType, StringValue: value.stringValue },
    ]),
  );
};

/** Puts a dead letter on a DLQ the way the relay does: original body, producer attributes + relay.failure. */
export const putDeadLetter = async (
  client: SQSClient,
  dlqUrl: string,
  spec: DeadLetterSpec,
): Promise<string> => {
  const attributes = deadLetterAttributes(spec);
  const { MessageId } = await client.send(
    new SendMessageCommand({
      QueueUrl: dlqUrl,
      MessageBody: spec.body,
      ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
    }),
  );
  return MessageId as string;
};
