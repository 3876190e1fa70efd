import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_USER } from '../../../local/fake-vault';
import { type RelayHarness, startRelayHarness } from '../../support/relay-handler-harness';
import { relationshipBody } from '../../support/sqs-event-builder';

const bodies = (targets: number[]) =>
  targets.map((target) =>
    relationshipBody({ target_doc_id__v: target, target_major_version__v: 0, target_minor_version__v: 1 }),
  );

const ids = (event: { Records: { messageId: string }[] }) =>
  event.Records.map((record) => ({ itemIdentifier: record.messageId }));

describe('relay handler when Vault misbehaves', () => {
  let harness: RelayHarness;
  afterEach(async () => harness?.stop());

  it('logs in again once when the session expires mid-batch and creates every row once', async () => {
    harness = await startRelayHarness();
    await harness.send(bodies([500]));
    await harness.invoke(await harness.receiveEvent(1));
    harness.vault.injectFaults('create_bulk', ['invalid_session']);
    await harness.send(bodies([501, 502, 503]));
    const event = await harness.receiveEvent(3);

    const response = await harness.invoke(event);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(harness.vault.calls()).toMatchObject({ auth: 2, create_single: 1, create_bulk: 2 });
    expect(
      harness.vault
        .relationships()
        .map((row) => row.target_doc_id__v)
        .sort(),
    ).toEqual([500, 501, 502, 503]);
  });

  it('refuses a session for another vault (auth defaulting) and writes nothing anywhere', async () => {
    harness = await startRelayHarness({
      vault: { users: [{ ...DEFAULT_USER, vaultIds: [1777] }] },
    });
    await harness.send(bodies([500, 501]));
    const event = await harness.receiveEvent(2);

    const response = await harness.invoke(event);

    expect(response).toEqual({ batchItemFailures: ids(event) });
    expect(harness.vault.relationships(1776)).toEqual([]);
    expect(harness.vault.relationships(1777)).toEqual([]);
    expect(harness.vault.calls().create_bulk ?? 0).toBe(0);
    expect(harness.outcomeLines()).toEqual([
      expect.objectContaining({ outcome: 'retried', code: 'VAULT_WRONG_VAULT' }),
      expect.objectContaining({ outcome: 'retried', code: 'VAULT_WRONG_VAULT' }),
    ]);
  });

  it('parks the messages as RETRIES_EXHAUSTED when the wrong vault persists to the last attempt', async () => {
    harness = await startRelayHarness({
      vault: { users: [{ ...DEFAULT_USER, vaultIds: [1777] }] },
      environment: { MAX_ATTEMPTS: '1' },
    });
    await harness.send(bodies([500]));
    const event = await harness.receiveEvent(1);

    const response = await harness.invoke(event);

    expect(response).toEqual({ batchItemFailures: [] });
    const [letter] = await harness.readDeadLetters(1);
    const failure = JSON.parse(letter?.MessageAttributes?.['relay.failure']?.StringValue ?? '{}');
    expect(failure).toMatchObject({ code: 'RETRIES_EXHAUSTED', category: 'transient', attempts: 1 });
    expect(failure.message).toContain('VAULT_WRONG_VAULT');
    expect(harness.vault.relationships(1777)).toEqual([]);
    expect(harness.metric('Exhausted')).toBe(1);
  });

  it('retries without calling Vault while the secret is unreadable or malformed, never logging its text', async () => {
    harness = await startRelayHarness({
      secret: () => ({ vaultDns: 'not a host', password: 'Top-Secret-42' }),
    });
    await harness.send(bodies([500]));
    const event = await harness.receiveEvent(1);

    const response = await harness.invoke(event);

    expect(response).toEqual({ batchItemFailures: ids(event) });
    expect(harness.vault.calls()).toEqual({});
    expect(harness.outcomeLines()[0]).toMatchObject({ outcome: 'retried', code: 'SECRET_INVALID' });
    expect(harness.rawLogs()).not.toContain('Top-Secret-42');
  });

  it('retries on a wrong password without locking the user out, then picks up the rotated secret', async () => {
    let now = Date.now();
    harness = await startRelayHarness({
      secret: (vault) => ({
        vaultDns: vault.dns,
        vaultUrl: vault.url,
        username: DEFAULT_USER.username,
        password: 'stale',
      }),
      overrides: { clock: { now: () => now } },
    });
    await harness.send(bodies([500, 501]));
    const first = await harness.receiveEvent(2);

    const refused = await harness.invoke(first);
    harness.secrets.putSecret('vault-relay/credentials', {
      vaultDns: harness.vault.dns,
      vaultUrl: harness.vault.url,
      username: DEFAULT_USER.username,
      password: DEFAULT_USER.password,
    });
    now += 15 * 60_000;
    await harness.makeVisible(first);
    const second = await harness.receiveEvent(2);
    const accepted = await harness.invoke(second);

    expect(refused).toEqual({ batchItemFailures: ids(first) });
    expect(harness.outcomeLines()[0]).toMatchObject({ code: 'VAULT_USERNAME_OR_PASSWORD_INCORRECT' });
    expect(accepted).toEqual({ batchItemFailures: [] });
    expect(second.Records[0]?.attributes.ApproximateReceiveCount).toBe('2');
    expect(harness.vault.relationships()).toHaveLength(2);
    expect(harness.vault.loginFailures(DEFAULT_USER.username)).toBeLessThanOrEqual(2);
    expect(harness.rawLogs()).not.toContain(DEFAULT_USER.password);
    expect(harness.rawLogs()).not.toContain('"stale"');
  });

  it('retries the rows when a proxy answers 502 with an HTML page, and creates them on redelivery', async () => {
    harness = await startRelayHarness();
    harness.vault.injectFaults('create_bulk', ['http_502']);
    await harness.send(bodies([500, 501]));
    const first = await harness.receiveEvent(2);

    const failed = await harness.invoke(first);
    await harness.makeVisible(first);
    const recovered = await harness.invoke(await harness.receiveEvent(2));

    expect(failed).toEqual({ batchItemFailures: ids(first) });
    expect(harness.outcomeLines()[0]).toMatchObject({ outcome: 'retried', retryDelaySeconds: 30 });
    expect(String(harness.outcomeLines()[0]?.code)).toMatch(/502|HTTP/);
    expect(recovered).toEqual({ batchItemFailures: [] });
    expect(harness.vault.relationships()).toHaveLength(2);
    expect(harness.logLines().some((line) => line.message === 'could not delay retried messages')).toBe(
      false,
    );
  });

  it('keeps a retried message invisible for the back-off through the real queue', async () => {
    harness = await startRelayHarness({ visibilityTimeoutSeconds: 0 });
    harness.vault.injectFaults('create_single', ['exception']);
    await harness.send(bodies([500]));
    const event = await harness.receiveEvent(1);

    const response = await harness.invoke(event);

    expect(response).toEqual({ batchItemFailures: ids(event) });
    expect(harness.outcomeLines()[0]).toMatchObject({
      code: 'VAULT_EXCEPTION',
      vaultErrorType: 'EXCEPTION',
      retryDelaySeconds: 30,
    });
    // The queue's own timeout is 0 s: only the relay's 30 s back-off can hide the message now.
    expect(await harness.receive(harness.queues.sourceUrl, 1, 0)).toEqual([]);
    const { Attributes } = await harness.sqs.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: harness.queues.sourceUrl,
        AttributeNames: ['ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('1');
  });

  it('gives up on a Vault that never answers after VAULT_TIMEOUT_MS and retries the message', async () => {
    harness = await startRelayHarness({ environment: { VAULT_TIMEOUT_MS: '500' } });
    harness.vault.injectFaults('create_single', ['hang']);
    await harness.send(bodies([500]));
    const event = await harness.receiveEvent(1);

    const response = await harness.invoke(event);

    expect(response).toEqual({ batchItemFailures: ids(event) });
    expect(harness.outcomeLines()[0]).toMatchObject({ outcome: 'retried', sentToVault: true });
    expect(String(harness.outcomeLines()[0]?.reason)).toMatch(/time|abort/i);
  });

  it('keeps the reserve when other integrations nearly spent the burst budget: nothing sent, messages delayed', async () => {
    harness = await startRelayHarness({ vault: { burst: { limit: 50 } } });
    for (let call = 0; call < 44; call += 1) await fetch(`${harness.vault.url}/api/`);
    await harness.send(bodies([500, 501, 502]));
    const event = await harness.receiveEvent(3);

    // Only the 4 s a call needs (3 s timeout + 1 s margin): none to sit out the pause, refused at once.
    const response = await harness.invoke(event, 4_000);

    expect(response).toEqual({ batchItemFailures: ids(event) });
    expect(harness.vault.calls().create_bulk ?? 0).toBe(0);
    expect(harness.vault.relationships()).toEqual([]);
    expect(harness.vault.burstState()).toMatchObject({ remaining: 5, delayedResponses: 0 });
    const [line] = harness.outcomeLines();
    expect(String(line?.code)).toMatch(/^VAULT_BURST/);
    expect(Number(line?.retryDelaySeconds)).toBeGreaterThan(200);
    expect(harness.metric('LowestBurstRemaining')).toBe(5);
  });

  it('spreads calls over the burst window when the budget is small, delaying messages instead of spending it', async () => {
    harness = await startRelayHarness({ vault: { burst: { limit: 10 } } });
    const responses = [];
    for (const target of [500, 501, 502, 503, 504, 505, 506, 507, 508, 509]) {
      await harness.send(bodies([target]));
      const event = await harness.receiveEvent(1);
      responses.push(await harness.invoke(event));
    }

    const retried = harness.outcomeLines().filter((line) => line.outcome === 'retried');
    expect(retried.length).toBeGreaterThan(0);
    expect(String(retried[0]?.code)).toMatch(/^VAULT_BURST/);
    expect(Number(retried[0]?.retryDelaySeconds)).toBeGreaterThan(30);
    expect(harness.vault.burstState().remaining).toBeGreaterThanOrEqual(2);
    expect(harness.vault.burstState().delayedResponses).toBe(0);
    expect(harness.logLines().some((line) => line.LowestBurstRemaining !== undefined)).toBe(true);
    expect(responses.filter((response) => response.batchItemFailures.length > 0)).toHaveLength(
      retried.length,
    );
  });
});
