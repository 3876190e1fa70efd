import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { toDeadLetterView, UNKNOWN_CODE } from '../../../cli/dlq/dead-letter-view';
import { replayRequest } from '../../../cli/dlq/replay-message';
import { skipReason } from '../../../cli/dlq/replay-selection';
import { aRelationshipBody, aRelayFailure, deadLetterAttributes } from '../../support/dead-letter-builder';

const received = (
  spec: Parameters<typeof deadLetterAttributes>[0],
  extra: Partial<Message> = {},
): Message => ({
  MessageId: 'dlq-1',
  ReceiptHandle: 'rh-1',
  Body: spec.body,
  MessageAttributes: Object.fromEntries(
    Object.entries(deadLetterAttributes(spec)).map(([name, value]) => [
      name,
      { ...value, StringListValues: [], BinaryListValues: [] },
    ]),
  ),
  ...extra,
});

describe('replayRequest', () => {
  it('keeps the body and producer attributes, drops relay.failure and counts the replay', () => {
    // prepare
    const view = toDeadLetterView(
      received({
        body: aRelationshipBody(5),
        failure: aRelayFailure({ replayCount: 1 }),
        producerAttributes: { traceId: { dataType: 'String', stringValue: 'abc' } },
      }),
    );

    // act
    const request = replayRequest(view, 'https://q');

    // assess
    expect(request).toEqual({
      QueueUrl: 'https://q',
      MessageBody: aRelationshipBody(5),
      MessageAttributes: {
        traceId: { DataType: 'String', StringValue: 'abc' },
        'relay.replayCount': { DataType: 'Number', StringValue: '2' },
      },
    });
  });

  it('carries a replay count attribute when there is no failure record, and never exceeds ten attributes', () => {
    // prepare: parked by SQS's redrive with ten producer attributes, one of them the replay count
    const producerAttributes = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`p${i}`, { dataType: 'String', stringValue: String(i) }]),
    );
    const withCount = toDeadLetterView(
      received({
        body: 'x',
        producerAttributes: {
          ...producerAttributes,
          'relay.replayCount': { dataType: 'Number', stringValue: '4' },
        },
      }),
    );
    const full = toDeadLetterView(
      received({
        body: 'x',
        producerAttributes: { ...producerAttributes, p9: { dataType: 'String', stringValue: '9' } },
      }),
    );

    // act
    const counted = replayRequest(withCount, 'https://q');
    const crowded = replayRequest(full, 'https://q');

    // assess
    expect(counted.MessageAttributes?.['relay.replayCount']?.StringValue).toBe('5');
    expect(Object.keys(crowded.MessageAttributes ?? {})).toHaveLength(10);
    expect(crowded.MessageAttributes?.['relay.replayCount']).toBeUndefined();
  });
});

describe('toDeadLetterView and skipReason', () => {
  it('treats an unreadable failure attribute as UNKNOWN and falls back to the sent time', () => {
    // prepare
    const message: Message = {
      MessageId: 'm',
      ReceiptHandle: 'r',
      Body: '{}',
      MessageAttributes: { 'relay.failure': { DataType: 'String', StringValue: '{"code":1}' } },
      Attributes: { SentTimestamp: String(Date.parse('2026-12-03T10:00:00Z')) },
    };

    // act
    const view = toDeadLetterView(message);

    // assess
    expect(view.code).toBe(UNKNOWN_CODE);
    expect(view.failedAt?.toISOString()).toBe('2026-12-03T10:00:00.000Z');
    expect(view.documents).toBeUndefined();
  });

  it('selects by code (any case) and by age', () => {
    // prepare
    const view = toDeadLetterView(
      received({
        body: aRelationshipBody(1),
        failure: aRelayFailure({ failedAt: '2026-12-03T10:00:00.000Z' }),
      }),
    );
    const now = new Date('2026-12-03T12:00:00.000Z');

    // act + assess
    expect(skipReason(view, { codes: ['vault_invalid_data'], now })).toBeUndefined();
    expect(skipReason(view, { codes: ['RETRIES_EXHAUSTED'], now })).toBe(
      'code VAULT_INVALID_DATA not selected',
    );
    expect(skipReason(view, { codes: [], olderThanMs: 2 * 3_600_000, now })).toBeUndefined();
    expect(skipReason(view, { codes: [], olderThanMs: 3 * 3_600_000, now })).toBe('failed too recently');
  });
});
