import { describe, expect, it } from 'vitest';
import {
  MAX_FAILURE_MESSAGE_LENGTH,
  relayFailureSchema,
} from '../../../functions/relationships/dead-letter-format';
import { RetryableError } from '../../../functions/relationships/errors';
import {
  boundMessage,
  buildDeadLetter,
  buildFailureRecord,
  MAY_ALREADY_EXIST,
  receiveCountOf,
  replayCountOf,
} from '../../../functions/relationships/failure-record';
import {
  binaryAttribute,
  buildSqsRecord,
  stringAttribute,
  TEST_QUEUE_URL,
} from '../../support/sqs-event-builder';

const failedAt = new Date('2026-01-02T05:00:00.000Z');

describe('buildFailureRecord', () => {
  it('bounds a long Vault message and still matches the published schema', () => {
    const record = buildSqsRecord({ receiveCount: 5 });
    const error = new RetryableError('VAULT_EXCEPTION', 'x'.repeat(5000), { vaultErrorType: 'EXCEPTION' });

    const failure = buildFailureRecord({
      record,
      outcome: 'exhausted',
      error,
      sourceQueue: TEST_QUEUE_URL,
      failedAt,
    });

    expect(failure.message).toHaveLength(MAX_FAILURE_MESSAGE_LENGTH);
    expect(
      failure.message.startsWith(
        `gave up after 5 attempts; ${MAY_ALREADY_EXIST}; last: VAULT_EXCEPTION: xxx`,
      ),
    ).toBe(true);
    expect(relayFailureSchema.parse(failure)).toEqual(failure);
  });

  it('says an exhausted message delivered before may already exist and that a replay is safe (soak F2)', () => {
    const error = new RetryableError('VAULT_HTTP_503', 'Vault answered HTTP 503');
    const build = (receiveCount: number) =>
      buildFailureRecord({
        record: buildSqsRecord({ receiveCount }),
        outcome: 'exhausted',
        error,
        sourceQueue: TEST_QUEUE_URL,
        failedAt,
      });

    const redelivered = build(5);
    const firstDelivery = build(1);

    expect(redelivered.message).toBe(
      'gave up after 5 attempts; an earlier attempt may already have created the relationship; ' +
        'a replay is safe (answered as already existed); last: VAULT_HTTP_503: Vault answered HTTP 503',
    );
    expect(firstDelivery.message).toBe(
      'gave up after 1 attempt; last: VAULT_HTTP_503: Vault answered HTTP 503',
    );
  });

  it('falls back to the failure time when SQS gave no first-receive timestamp', () => {
    const record = buildSqsRecord();
    record.attributes.ApproximateFirstReceiveTimestamp = '';
    const error = new RetryableError('DEADLINE', 'no time');

    const failure = buildFailureRecord({
      record,
      outcome: 'exhausted',
      error,
      sourceQueue: TEST_QUEUE_URL,
      failedAt,
    });

    expect(failure.firstReceivedAt).toBe(failedAt.toISOString());
    expect(failure).not.toHaveProperty('vaultErrorType');
  });

  it.each(['1e20', '99999999999999999', '-5', 'soon'])(
    'falls back to the failure time for a first-receive timestamp no date can hold (%s)',
    (timestamp) => {
      const record = buildSqsRecord();
      record.attributes.ApproximateFirstReceiveTimestamp = timestamp;

      const failure = buildFailureRecord({
        record,
        outcome: 'exhausted',
        error: new RetryableError('DEADLINE', 'no time'),
        sourceQueue: TEST_QUEUE_URL,
        failedAt,
      });

      expect(failure.firstReceivedAt).toBe(failedAt.toISOString());
    },
  );
});

describe('record attribute readers', () => {
  it.each([
    ['3', 3],
    ['', 1],
    ['-2', 1],
    ['abc', 1],
  ])('reads ApproximateReceiveCount %j as %d', (raw, expected) => {
    const record = buildSqsRecord();
    record.attributes.ApproximateReceiveCount = raw;

    const count = receiveCountOf(record);

    expect(count).toBe(expected);
  });

  it.each([
    [stringAttribute('4', 'Number'), 4],
    [stringAttribute('many'), 0],
    [undefined, 0],
  ])('reads relay.replayCount %j as %d', (attribute, expected) => {
    const record = buildSqsRecord({ messageAttributes: attribute ? { 'relay.replayCount': attribute } : {} });

    const count = replayCountOf(record);

    expect(count).toBe(expected);
  });

  it('keeps string and binary producer attributes and the body exactly', () => {
    const record = buildSqsRecord({
      body: ' {"a": 1}\n',
      messageAttributes: {
        tenant: stringAttribute('acme'),
        signature: binaryAttribute(new Uint8Array([0, 255, 7])),
      },
    });
    const failure = buildFailureRecord({
      record,
      outcome: 'rejected',
      error: new RetryableError('X', 'y'),
      sourceQueue: TEST_QUEUE_URL,
      failedAt,
    });

    const letter = buildDeadLetter(record, failure);

    expect(letter.body).toBe(' {"a": 1}\n');
    expect(letter.messageAttributes).toEqual({
      tenant: { dataType: 'String', stringValue: 'acme' },
      signature: { dataType: 'Binary', binaryValue: 'AP8H' },
    });
  });
});

describe('boundMessage', () => {
  it('leaves short text alone and ends cut text with an ellipsis', () => {
    const short = boundMessage('fine', 10);
    const cut = boundMessage('0123456789abc', 10);

    expect(short).toBe('fine');
    expect(cut).toBe('012345678…');
  });
});
