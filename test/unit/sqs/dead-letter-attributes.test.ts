import { describe, expect, it } from 'vitest';
import { relayFailureSchema } from '../../../functions/relationships/dead-letter-format';
import type { MessageAttribute, RelayFailure } from '../../../functions/relationships/ports';
import { buildDeadLetterAttributes } from '../../../functions/sqs/dead-letter-attributes';

const failure: RelayFailure = {
  code: 'INVALID_MESSAGE',
  category: 'permanent',
  message: 'unknown field(s) target_doc_id',
  attempts: 1,
  sourceMessageId: 'm-1',
  sourceQueue: 'https://sqs.us-east-1.amazonaws.com/000000000000/relay',
  firstReceivedAt: '2026-01-02T03:04:05.000Z',
  failedAt: '2026-01-02T03:04:06.000Z',
  replayCount: 0,
};

const producerAttributes = (count: number): Record<string, MessageAttribute> =>
  Object.fromEntries(
    Array.from({ length: count }, (_, index) => [
      `attr${index}`,
      { dataType: 'String', stringValue: `v${index}` },
    ]),
  );

describe('buildDeadLetterAttributes', () => {
  it('keeps the producer attributes and adds relay.failure as JSON', () => {
    const producer = {
      tenant: { dataType: 'String', stringValue: 'acme' },
      priority: { dataType: 'Number', stringValue: '3' },
    };

    const { attributes, dropped } = buildDeadLetterAttributes(producer, failure);

    expect(dropped).toEqual([]);
    expect(attributes.tenant).toEqual({ DataType: 'String', StringValue: 'acme' });
    expect(attributes.priority).toEqual({ DataType: 'Number', StringValue: '3' });
    expect(relayFailureSchema.parse(JSON.parse(attributes['relay.failure']?.StringValue as string))).toEqual(
      failure,
    );
  });

  it('gives base64 binary attributes back as their original bytes', () => {
    const producer = {
      signature: { dataType: 'Binary.sig', binaryValue: Buffer.from([0, 1, 254, 255]).toString('base64') },
    };

    const { attributes } = buildDeadLetterAttributes(producer, failure);

    expect(attributes.signature?.DataType).toBe('Binary.sig');
    expect(Buffer.from(attributes.signature?.BinaryValue ?? []).toJSON().data).toEqual([0, 1, 254, 255]);
  });

  it('drops the last-sorted producer attribute when the producer used all 10', () => {
    const producer = producerAttributes(10);

    const { attributes, dropped } = buildDeadLetterAttributes(producer, failure);

    expect(dropped).toEqual(['attr9']);
    expect(Object.keys(attributes)).toHaveLength(10);
    expect(Object.keys(attributes)).toContain('relay.failure');
    expect(Object.keys(attributes)).toContain('attr0');
  });

  it('drops an older relay.* attribute before any producer attribute', () => {
    const producer = {
      ...producerAttributes(9),
      'relay.replayCount': { dataType: 'Number', stringValue: '1' },
    };

    const { attributes, dropped } = buildDeadLetterAttributes(producer, failure);

    expect(dropped).toEqual(['relay.replayCount']);
    expect(Object.keys(attributes).filter((name) => name.startsWith('attr'))).toHaveLength(9);
  });

  it('replaces the relay.failure of a replayed message instead of adding a second one', () => {
    const producer = {
      ...producerAttributes(9),
      'relay.failure': { dataType: 'String', stringValue: '{"code":"OLD"}' },
    };

    const { attributes, dropped } = buildDeadLetterAttributes(producer, failure);

    expect(dropped).toEqual([]);
    expect(Object.keys(attributes)).toHaveLength(10);
    expect(JSON.parse(attributes['relay.failure']?.StringValue as string).code).toBe('INVALID_MESSAGE');
  });
});
