import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { relayFailureSchema } from '../../../functions/relationships/dead-letter-format';
import { DEFAULT_USER } from '../../../local/fake-vault';
import { type RelayHarness, recordForBody, startRelayHarness } from '../../support/relay-handler-harness';
import { relationshipBody } from '../../support/sqs-event-builder';

const valid = [
  relationshipBody(),
  relationshipBody({ target_doc_id__v: 500, target_major_version__v: 0, target_minor_version__v: 1 }),
  relationshipBody({ target_doc_id__v: 501, target_major_version__v: 0, target_minor_version__v: 1 }),
  '{"source_doc_id__v":548,"source_major_version__v":0,"source_minor_version__v":1,"target_doc_id__v":502,"relationship_type__v":"related_document__v"}',
  relationshipBody({
    source_doc_id__v: '548',
    target_doc_id__v: 503,
    target_major_version__v: 0,
    target_minor_version__v: 1,
  }),
];
// The same relationship as valid[0], written differently: only one Vault row may result.
const duplicate =
  '{ "relationship_type__v": "supporting_documents__vs", "target_doc_id__v": 549, "target_major_version__v": "0", "target_minor_version__v": 2, "source_doc_id__v": 548, "source_major_version__v": 0, "source_minor_version__v": 1 }';
const notJson = 'source_doc_id__v=548&target_doc_id__v=549';
const unknownField = JSON.stringify({ ...JSON.parse(relationshipBody()), target_doc_id: 549 });
const unknownDocument = relationshipBody({
  target_doc_id__v: 99_999,
  target_major_version__v: 0,
  target_minor_version__v: 1,
});
const standardType = relationshipBody({ relationship_type__v: 'based_on__v' });

const tenAttributes: Record<string, MessageAttributeValue> = Object.fromEntries(
  Array.from({ length: 10 }, (_, index) => [
    `attr${index}`,
    { DataType: 'String', StringValue: `value-${index}` },
  ]),
);
const producerAttributes: Record<string, MessageAttributeValue> = {
  tenant: { DataType: 'String', StringValue: 'acme' },
  signature: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 250, 255]) },
};

const failureOf = (message: Message) =>
  relayFailureSchema.parse(JSON.parse(message.MessageAttributes?.['relay.failure']?.StringValue ?? 'null'));

describe('relay handler: one batch of ten mixed messages', () => {
  let harness: RelayHarness;
  afterEach(async () => harness?.stop());

  it('creates the valid rows in one bulk call and parks each bad message with its reason', async () => {
    harness = await startRelayHarness();
    await harness.send([
      ...valid,
      duplicate,
      { body: notJson, attributes: tenAttributes },
      { body: unknownField, attributes: producerAttributes },
      unknownDocument,
      standardType,
    ]);
    const event = await harness.receiveEvent(10);

    const response = await harness.invoke(event);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(harness.vault.calls()).toMatchObject({ auth: 1, create_bulk: 1 });
    expect(harness.vault.calls().create_single ?? 0).toBe(0);
    const created = harness.vault.relationships();
    expect(created).toHaveLength(5);
    expect(created.filter((row) => row.target_doc_id__v === 549)).toHaveLength(1);
    expect(created.map((row) => row.target_doc_id__v).sort()).toEqual([500, 501, 502, 503, 549]);

    const outcomes = new Map(harness.outcomeLines().map((line) => [line.messageId, line]));
    const first = outcomes.get(recordForBody(event, valid[0] as string).messageId);
    const dup = outcomes.get(recordForBody(event, duplicate).messageId);
    expect(first).toMatchObject({ outcome: 'created' });
    // One Vault row, so one creation: the duplicate found it existing (counted once, not twice).
    expect(dup).toMatchObject({ outcome: 'existed', duplicateOf: first?.messageId });
    expect(dup?.relationshipId).toBeUndefined();
    expect(harness.metric('Created')).toBe(5);
    expect(harness.metric('AlreadyExisted')).toBe(1);
    expect(harness.metric('Rejected')).toBe(4);

    const letters = await harness.readDeadLetters(4);
    expect(letters.map((letter) => letter.Body).sort()).toEqual(
      [notJson, unknownField, unknownDocument, standardType].sort(),
    );
    const letterFor = (body: string) => letters.find((letter) => letter.Body === body) as Message;
    expect(failureOf(letterFor(notJson))).toMatchObject({ code: 'INVALID_MESSAGE', category: 'permanent' });
    expect(failureOf(letterFor(unknownField))).toMatchObject({ code: 'INVALID_MESSAGE' });
    expect(failureOf(letterFor(unknownField)).message).toContain('target_doc_id');
    expect(failureOf(letterFor(unknownDocument))).toMatchObject({
      code: 'VAULT_INVALID_DATA',
      vaultErrorType: 'INVALID_DATA',
      category: 'permanent',
    });
    expect(failureOf(letterFor(standardType))).toMatchObject({
      code: 'VAULT_OPERATION_NOT_ALLOWED',
      vaultErrorType: 'OPERATION_NOT_ALLOWED',
    });
    const record = recordForBody(event, unknownDocument);
    expect(failureOf(letterFor(unknownDocument))).toMatchObject({
      attempts: 1,
      sourceMessageId: record.messageId,
      sourceQueue: harness.queues.sourceUrl,
      firstReceivedAt: new Date(Number(record.attributes.ApproximateFirstReceiveTimestamp)).toISOString(),
      replayCount: 0,
    });

    const kept = letterFor(unknownField).MessageAttributes ?? {};
    expect(kept.tenant?.StringValue).toBe('acme');
    expect([...(kept.signature?.BinaryValue ?? [])]).toEqual([0, 1, 2, 250, 255]);
    const crowded = letterFor(notJson).MessageAttributes ?? {};
    expect(Object.keys(crowded).sort()).toEqual(
      [...Object.keys(tenAttributes).slice(0, 9), 'relay.failure'].sort(),
    );
    expect(harness.logLines()).toContainEqual(
      expect.objectContaining({
        message: 'dead letter attributes dropped to stay within the SQS limit of 10',
        dropped: ['attr9'],
      }),
    );
    expect(await harness.receive(harness.queues.sourceUrl, 10, 0)).toEqual([]);
    const everythingWritten = [harness.rawLogs(), ...letters.map((letter) => JSON.stringify(letter))].join(
      '\n',
    );
    for (const secret of [DEFAULT_USER.password, ...harness.vault.issuedSessionIds()]) {
      expect(everythingWritten).not.toContain(secret);
    }
    for (const body of [...valid, duplicate, notJson]) expect(harness.rawLogs()).not.toContain(body);
  });
});
