import { afterEach, describe, expect, it } from 'vitest';
import { type RelayHarness, startRelayHarness } from '../../support/relay-handler-harness';
import { relationshipBody, seedRelationshipMessage } from '../../support/sqs-event-builder';

describe('relay handler: the seed example', () => {
  let harness: RelayHarness;
  afterEach(async () => harness?.stop());

  it('creates 548 v0.1 → 549 v0.2 through the seed endpoint and deletes the message', async () => {
    harness = await startRelayHarness();
    await harness.send([relationshipBody()]);
    const event = await harness.receiveEvent(1);

    const response = await harness.invoke(event);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(harness.vault.relationships()).toEqual([
      expect.objectContaining({ vaultId: 1776, ...seedRelationshipMessage() }),
    ]);
    expect(harness.vault.calls()).toMatchObject({ auth: 1, create_single: 1 });
    expect(harness.outcomeLines()).toEqual([
      expect.objectContaining({
        messageId: event.Records[0]?.messageId,
        outcome: 'created',
        relationshipId: harness.vault.relationships()[0]?.id,
        sourceDocId: 548,
        targetDocId: 549,
        vaultExecutionId: expect.any(String),
      }),
    ]);
    expect(harness.metric('Created')).toBe(1);
    expect(harness.metric('VaultCalls')).toBe(2);
    expect(await harness.receive(harness.queues.sourceUrl, 1, 0)).toEqual([]);
    expect(await harness.readDeadLetters(1)).toEqual([]);
  });
});

describe('relay handler: a relationship that already exists', () => {
  let harness: RelayHarness;
  afterEach(async () => harness?.stop());

  it.each(['success-id-0', 'failure'] as const)(
    'treats a redelivered message as done when Vault answers a duplicate with %s',
    async (duplicate) => {
      harness = await startRelayHarness({ vault: { duplicate } });
      await harness.send([relationshipBody()]);
      await harness.invoke(await harness.receiveEvent(1));
      await harness.send([relationshipBody()]);
      const redelivered = await harness.receiveEvent(1);

      const response = await harness.invoke(redelivered);

      expect(response).toEqual({ batchItemFailures: [] });
      expect(harness.vault.relationships()).toHaveLength(1);
      expect(harness.outcomeLines().map((line) => line.outcome)).toEqual(['created', 'existed']);
      expect(harness.metric('AlreadyExisted')).toBe(1);
      expect(await harness.readDeadLetters(1)).toEqual([]);
    },
  );
});
