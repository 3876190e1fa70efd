import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../../../functions/relationships/errors';
import type { RelationshipMessage } from '../../../functions/relationships/message';
import type { CreateResult } from '../../../functions/relationships/ports';
import type { BurstPacer } from '../../../functions/vault/burst-pacer';
import { VaultUnavailableError, WrongVaultError } from '../../../functions/vault/vault-errors';
import { type FakeVault, type FakeVaultOptions, startFakeVault } from '../../../local/fake-vault';
import { FAKE_PASSWORD, FAKE_USER, fakeVaultGateway } from '../../support/fake-vault-gateway';
import { seedRelationshipMessage } from '../../support/sqs-event-builder';
import { callContext } from '../../support/vault-gateway-harness';

const SEED_EXAMPLE: RelationshipMessage = seedRelationshipMessage();

/** Ten distinct valid relationships in the default seed (every document has a v0.1). */
const tenRows = (first = 600): RelationshipMessage[] =>
  Array.from({ length: 10 }, (_, index) => ({
    source_doc_id__v: first + index * 2,
    source_major_version__v: 0,
    source_minor_version__v: 1,
    target_doc_id__v: first + 1 + index * 2,
    target_major_version__v: 0,
    target_minor_version__v: 1,
    relationship_type__v: 'supporting_documents__vs',
  }));

const values = (results: PromiseSettledResult<CreateResult>[]) =>
  results.map((result) => (result.status === 'fulfilled' ? result.value : result.reason));

let fake: FakeVault | undefined;
const start = async (options: FakeVaultOptions = {}) => {
  fake = await startFakeVault(options);
  return fake;
};

afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe('Vault gateway against the fake Vault', () => {
  it('creates the seed page’s example through the single endpoint, then finds it existing', async () => {
    // Prepare
    const vault = await start();
    const { gateway } = fakeVaultGateway(vault);

    // Act
    const [first] = await gateway.createRelationships([SEED_EXAMPLE], callContext());
    const [again] = await gateway.createRelationships([SEED_EXAMPLE], callContext());

    // Assess
    expect(first?.status).toBe('fulfilled');
    expect((first as PromiseFulfilledResult<CreateResult>).value.kind).toBe('created');
    expect(again).toEqual({ status: 'fulfilled', value: { kind: 'existed' } });
    expect(vault.relationships(1776)).toEqual([expect.objectContaining({ ...SEED_EXAMPLE, vaultId: 1776 })]);
    expect(vault.calls()).toEqual({ auth: 1, create_single: 2 });
  });

  it('creates ten relationships with one bulk call and one login', async () => {
    // Prepare
    const vault = await start();
    const { gateway } = fakeVaultGateway(vault);

    // Act
    const results = await gateway.createRelationships(tenRows(), callContext());

    // Assess
    const created = values(results) as CreateResult[];
    expect(created.every((result) => result.kind === 'created')).toBe(true);
    expect(new Set(created.map((result) => (result.kind === 'created' ? result.id : 0))).size).toBe(10);
    expect(vault.calls()).toEqual({ auth: 1, create_bulk: 1 });
    expect(vault.relationships(1776)).toHaveLength(10);
    expect(gateway.takeCallStats().calls).toBe(2);
  });

  it('needs one bulk call, or ten single calls, for the next ten once the session is warm', async () => {
    // Prepare
    const vault = await start();
    const { gateway } = fakeVaultGateway(vault);
    await gateway.createRelationships(tenRows(600), callContext());
    gateway.takeCallStats();

    // Act
    await gateway.createRelationships(tenRows(700), callContext());
    const bulkCalls = gateway.takeCallStats().calls;
    for (const row of tenRows(800)) await gateway.createRelationships([row], callContext());
    const singleCalls = gateway.takeCallStats().calls;

    // Assess
    expect(bulkCalls).toBe(1);
    expect(singleCalls).toBe(10);
    expect(vault.calls()).toEqual({ auth: 1, create_bulk: 2, create_single: 10 });
  });

  it('needs ten create calls for the same ten relationships sent one by one', async () => {
    // Prepare
    const vault = await start();
    const { gateway } = fakeVaultGateway(vault);

    // Act
    for (const row of tenRows()) await gateway.createRelationships([row], callContext());

    // Assess
    expect(vault.calls()).toEqual({ auth: 1, create_single: 10 });
    expect(vault.relationships(1776)).toHaveLength(10);
  });

  it('maps a mixed bulk call back row by row', async () => {
    // Prepare
    const vault = await start();
    const { gateway } = fakeVaultGateway(vault);
    const [valid, ...rest] = tenRows();
    const unknownDocument = { ...(rest[0] as RelationshipMessage), target_doc_id__v: 99_999 };
    const standardType = { ...(rest[1] as RelationshipMessage), relationship_type__v: 'based_on__v' };

    // Act
    const results = await gateway.createRelationships(
      [valid as RelationshipMessage, unknownDocument, standardType, valid as RelationshipMessage],
      callContext(),
    );

    // Assess
    const outcomes = values(results);
    expect((outcomes[0] as CreateResult).kind).toBe('created');
    expect(outcomes[1]).toBeInstanceOf(PermanentError);
    expect((outcomes[1] as PermanentError).code).toBe('VAULT_INVALID_DATA');
    expect((outcomes[2] as PermanentError).code).toBe('VAULT_OPERATION_NOT_ALLOWED');
    expect(outcomes[3]).toEqual({ kind: 'existed' });
  });

  it.each(['success-id-0', 'failure'] as const)(
    'treats a duplicate as existed when Vault answers duplicates with %s',
    async (duplicate) => {
      // Prepare
      const vault = await start({ duplicate });
      const { gateway } = fakeVaultGateway(vault);
      await gateway.createRelationships(tenRows(), callContext());

      // Act
      const [single] = await gateway.createRelationships(
        [tenRows()[0] as RelationshipMessage],
        callContext(),
      );
      const bulk = await gateway.createRelationships(tenRows(), callContext());

      // Assess
      expect(single).toEqual({ status: 'fulfilled', value: { kind: 'existed' } });
      expect(values(bulk)).toEqual(tenRows().map(() => ({ kind: 'existed' })));
      expect(vault.relationships(1776)).toHaveLength(10);
    },
  );

  it('logs in again once when the session expires between calls', async () => {
    // Prepare
    let vaultTime = 1_700_000_000_000;
    const vault = await start({ now: () => vaultTime, sessionIdleTimeoutMs: 10 * 60_000 });
    const { gateway } = fakeVaultGateway(vault);
    const [first, ...others] = tenRows();
    await gateway.createRelationships([first as RelationshipMessage], callContext());

    // Act
    vaultTime += 11 * 60_000;
    const results = await gateway.createRelationships(others, callContext());

    // Assess
    expect(values(results).every((result) => (result as CreateResult).kind === 'created')).toBe(true);
    expect(vault.calls()).toEqual({ auth: 2, create_single: 1, create_bulk: 2 });
  });

  it('refuses a session defaulted to another vault and writes nowhere', async () => {
    // Prepare
    const vault = await start({
      users: [{ username: FAKE_USER, password: FAKE_PASSWORD, vaultIds: [1777] }],
    });
    const { gateway } = fakeVaultGateway(vault);

    // Act
    const attempt = gateway.createRelationships(tenRows(), callContext());

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(WrongVaultError);
    expect(vault.relationships()).toEqual([]);
    expect(vault.relationships(1776)).toEqual([]);
    expect(vault.relationships(1777)).toEqual([]);
    expect(vault.calls()).toEqual({ auth: 1, session_delete: 1 });
    expect(vault.sessionCount()).toBe(0);
  });

  it('retries the rows of a call answered by a 502 HTML page, then creates them', async () => {
    // Prepare
    const vault = await start();
    const { gateway } = fakeVaultGateway(vault);
    vault.injectFaults('create_bulk', ['http_502']);

    // Act
    const failed = await gateway.createRelationships(tenRows(), callContext());
    const retried = await gateway.createRelationships(tenRows(), callContext());

    // Assess
    for (const reason of values(failed)) {
      expect(reason).toBeInstanceOf(RetryableError);
      expect((reason as RetryableError).code).toBe('VAULT_HTTP_502');
    }
    expect(values(retried).every((result) => (result as CreateResult).kind === 'created')).toBe(true);
  });

  it('gives up on a Vault that never answers after the timeout, as a retryable failure', async () => {
    // Prepare
    const vault = await start();
    const { gateway } = fakeVaultGateway(vault, { timeoutMs: 300, safetyMarginMs: 0 });
    vault.injectFaults('create_single', ['hang']);

    // Act
    const [result] = await gateway.createRelationships([SEED_EXAMPLE], callContext());

    // Assess
    const reason = (result as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(VaultUnavailableError);
    expect((reason as RetryableError).code).toBe('VAULT_TIMEOUT');
  });

  it.each([
    ['exception', 'VAULT_EXCEPTION'],
    ['unexpected_error', 'VAULT_UNEXPECTED_ERROR'],
    ['api_limit', 'VAULT_API_LIMIT_EXCEEDED'],
    ['http_503', 'VAULT_HTTP_503'],
    ['reset', 'VAULT_NETWORK'],
  ] as const)('classifies the fake’s %s fault as retryable %s', async (kind, code) => {
    // Prepare
    const vault = await start();
    const { gateway } = fakeVaultGateway(vault);
    vault.injectFaults('create_single', [kind]);

    // Act
    const [result] = await gateway.createRelationships([SEED_EXAMPLE], callContext());

    // Assess
    const reason = (result as PromiseRejectedResult).reason as RetryableError;
    expect(reason).toBeInstanceOf(RetryableError);
    expect(reason.code).toBe(code);
  });

  it('recovers from an injected invalid session with one re-login', async () => {
    // Prepare
    const vault = await start();
    const { gateway } = fakeVaultGateway(vault);
    vault.injectFaults('create_single', ['invalid_session']);

    // Act
    const [result] = await gateway.createRelationships([SEED_EXAMPLE], callContext());

    // Assess
    expect((result as PromiseFulfilledResult<CreateResult>).value.kind).toBe('created');
    expect(vault.calls()).toEqual({ auth: 2, create_single: 2 });
  });

  it('reads lowercase burst headers and reports the budget and delays', async () => {
    // Prepare
    const vault = await start({ lowercaseHeaders: true, burst: { limit: 3, delayMs: 10 } });
    const seen: (string | null)[] = [];
    const pacer: BurstPacer = {
      acquire: async () => {},
      observe: (headers) => {
        seen.push(headers.get('X-VaultAPI-BurstLimitRemaining'));
      },
    };
    const { gateway } = fakeVaultGateway(vault, { pacer });

    // Act
    for (const row of tenRows().slice(0, 4)) await gateway.createRelationships([row], callContext());
    const stats = gateway.takeCallStats();

    // Assess
    expect(seen).toHaveLength(5);
    expect(seen.every((value) => value !== null)).toBe(true);
    expect(stats.calls).toBe(5);
    expect(stats.lowestBurstRemaining).toBe(0);
    expect(stats.delayedResponses).toBe(vault.burstState().delayedResponses);
    expect(stats.delayedResponses).toBeGreaterThan(0);
  });
});
