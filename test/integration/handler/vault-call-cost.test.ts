import { afterEach, describe, expect, it } from 'vitest';
import { type RelayHarness, startRelayHarness } from '../../support/relay-handler-harness';
import { relationshipBody } from '../../support/sqs-event-builder';

const tenRelationships = (firstTarget: number) =>
  Array.from({ length: 10 }, (_, index) =>
    relationshipBody({
      target_doc_id__v: firstTarget + index,
      target_major_version__v: 0,
      target_minor_version__v: 1,
    }),
  );

const totalCalls = (harness: RelayHarness) =>
  Object.values(harness.vault.calls()).reduce((sum, count) => sum + (count ?? 0), 0);

// The numbers in docs/handler.md ("Vault calls per relationship") come from these two tests.
describe('Vault calls per relationship for ten messages', () => {
  let harness: RelayHarness;
  afterEach(async () => harness?.stop());

  it('bulk: one batch of ten costs one login and one bulk call (0.2 per relationship, 0.1 once warm)', async () => {
    harness = await startRelayHarness();
    await harness.send(tenRelationships(500));
    await harness.invoke(await harness.receiveEvent(10));
    const coldCalls = totalCalls(harness);
    await harness.send(tenRelationships(520));

    await harness.invoke(await harness.receiveEvent(10));

    expect(harness.vault.relationships()).toHaveLength(20);
    expect(coldCalls).toBe(2);
    expect(totalCalls(harness) - coldCalls).toBe(1);
    expect(harness.vault.calls()).toEqual({ auth: 1, create_bulk: 2 });
    expect(harness.metric('VaultCalls')).toBe(3);
  });

  it('single endpoint for a batch of ten (gateway bulk: false): one login and ten calls (1.1 per relationship)', async () => {
    harness = await startRelayHarness({ overrides: { gateway: { bulk: false } } });
    await harness.send(tenRelationships(500));

    await harness.invoke(await harness.receiveEvent(10));

    expect(harness.vault.relationships()).toHaveLength(10);
    expect(harness.vault.calls()).toEqual({ auth: 1, create_single: 10 });
  });

  it('single: ten batches of one cost one login and ten seed-endpoint calls (1.1 per relationship)', async () => {
    harness = await startRelayHarness();
    await harness.send(tenRelationships(500));

    for (let batch = 0; batch < 10; batch += 1) await harness.invoke(await harness.receiveEvent(1));

    expect(harness.vault.relationships()).toHaveLength(10);
    expect(harness.vault.calls()).toEqual({ auth: 1, create_single: 10 });
    expect(totalCalls(harness)).toBe(11);
  });
});
