import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../../../functions/relationships/errors';
import { VaultRejectedError } from '../../../functions/vault/vault-errors';
import { vaultJson } from '../../support/scripted-vault-fetch';
import { callContext, gatewayHarness, row, rows } from '../../support/vault-gateway-harness';

const reasons = (results: PromiseSettledResult<unknown>[]) =>
  results.map((result) => (result.status === 'rejected' ? result.reason : undefined));

const bulkAnswer = (entries: unknown[]) => vaultJson({ responseStatus: 'SUCCESS', data: entries });

describe('VaultGateway.createRelationships', () => {
  it('creates a lone relationship through the seed endpoint, form-encoded, with Vault’s headers', async () => {
    // Prepare
    const { gateway, calls } = gatewayHarness({
      single: () => vaultJson({ responseStatus: 'SUCCESS', id: 200 }),
    });

    // Act
    const results = await gateway.createRelationships([row(548, 549)], callContext(60_000, 'sqs-message-1'));

    // Assess
    expect(results).toEqual([{ status: 'fulfilled', value: { kind: 'created', id: 200 } }]);
    const [single] = calls('single');
    expect(single?.url).toBe(
      'https://promomats-sandbox.veevavault.com/api/v25.2/objects/documents/548/versions/0/1/relationships',
    );
    expect(single?.method).toBe('POST');
    expect(Object.fromEntries(new URLSearchParams(single?.body))).toEqual({
      target_doc_id__v: '549',
      relationship_type__v: 'supporting_documents__vs',
      target_major_version__v: '0',
      target_minor_version__v: '2',
    });
    expect(single?.headers.get('authorization')).toBe('SESSION-A');
    expect(single?.headers.get('accept')).toBe('application/json');
    expect(single?.headers.get('x-vaultapi-clientid')).toBe('relay-test');
    expect(single?.headers.get('x-vaultapi-referenceid')).toBe('sqs-message-1');
  });

  it('omits target versions that the message does not carry', async () => {
    // Prepare
    const { gateway, calls } = gatewayHarness();
    const { target_major_version__v: _, target_minor_version__v: __, ...unversioned } = row(548);

    // Act
    await gateway.createRelationships([unversioned], callContext());

    // Assess
    expect(new URLSearchParams(calls('single')[0]?.body).has('target_major_version__v')).toBe(false);
  });

  it('sends X-VaultAPI-ClientID on every call, the secret’s clientId over the setting', async () => {
    // Prepare
    const { gateway, vault, credentials } = gatewayHarness();
    const original = credentials.source.get;
    credentials.source.get = async () => ({ ...(await original()), clientId: 'from-secret' });

    // Act
    await gateway.createRelationships(rows(2), callContext());

    // Assess
    expect(vault.requests.length).toBe(2);
    expect(vault.requests.map((request) => request.headers.get('x-vaultapi-clientid'))).toEqual([
      'from-secret',
      'from-secret',
    ]);
  });

  it('creates two or more relationships in one bulk call and maps every row back in order', async () => {
    // Prepare
    const { gateway, calls } = gatewayHarness({
      bulk: () =>
        bulkAnswer([
          { responseStatus: 'SUCCESS', id: 10 },
          { responseStatus: 'SUCCESS', id: 0 },
          {
            responseStatus: 'FAILURE',
            errors: [{ type: 'INVALID_DATA', message: 'Invalid document id [9].' }],
          },
          {
            responseStatus: 'FAILURE',
            errors: [{ type: 'INVALID_DATA', message: 'Document relationship already exists.' }],
          },
          { responseStatus: 'FAILURE', errors: [{ type: 'RACE_CONDITION', message: 'busy' }] },
          { responseStatus: 'WARNING', id: '11', warnings: [{ message: 'x' }] },
        ]),
    });

    // Act
    const results = await gateway.createRelationships(rows(6), callContext());

    // Assess
    expect(calls('bulk')).toHaveLength(1);
    expect(calls('single')).toHaveLength(0);
    expect(JSON.parse(calls('bulk')[0]?.body ?? '')).toEqual(rows(6));
    expect(calls('bulk')[0]?.headers.get('content-type')).toBe('application/json');
    expect(results[0]).toEqual({ status: 'fulfilled', value: { kind: 'created', id: 10 } });
    expect(results[1]).toEqual({ status: 'fulfilled', value: { kind: 'existed' } });
    expect(reasons(results)[2]).toBeInstanceOf(PermanentError);
    expect((reasons(results)[2] as PermanentError).code).toBe('VAULT_INVALID_DATA');
    expect(results[3]).toEqual({ status: 'fulfilled', value: { kind: 'existed' } });
    expect(reasons(results)[4]).toBeInstanceOf(RetryableError);
    expect(results[5]).toEqual({ status: 'fulfilled', value: { kind: 'created', id: 11 } });
  });

  it('sends every row through the single endpoint when bulk is switched off', async () => {
    // Prepare
    const { gateway, calls } = gatewayHarness({}, { bulk: false });

    // Act
    const results = await gateway.createRelationships(rows(3), callContext());

    // Assess
    expect(calls('bulk')).toHaveLength(0);
    expect(calls('single')).toHaveLength(3);
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
  });

  it('maps rows even when the top-level status of a partly failed bulk call is FAILURE', async () => {
    // Prepare
    const { gateway } = gatewayHarness({
      bulk: () =>
        vaultJson({
          responseStatus: 'FAILURE',
          data: [
            { responseStatus: 'SUCCESS', id: 5 },
            { responseStatus: 'FAILURE', errors: [{ type: 'INVALID_DATA' }] },
          ],
        }),
    });

    // Act
    const results = await gateway.createRelationships(rows(2), callContext());

    // Assess
    expect(results[0]).toEqual({ status: 'fulfilled', value: { kind: 'created', id: 5 } });
    expect(reasons(results)[1]).toBeInstanceOf(VaultRejectedError);
  });

  it.each([
    ['fewer results than rows', [{ responseStatus: 'SUCCESS', id: 1 }]],
    ['more results than rows', [1, 2, 3].map((id) => ({ responseStatus: 'SUCCESS', id }))],
  ])('retries every row when Vault answers %s', async (_, data) => {
    // Prepare
    const { gateway } = gatewayHarness({ bulk: () => bulkAnswer(data) });

    // Act
    const results = await gateway.createRelationships(rows(2), callContext());

    // Assess
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(reasons(results).map((reason) => (reason as RetryableError).code)).toEqual([
      'VAULT_BAD_RESPONSE',
      'VAULT_BAD_RESPONSE',
    ]);
  });

  it('treats a SUCCESS row without an id, or a row without a status, as a bad response', async () => {
    // Prepare
    const { gateway } = gatewayHarness({
      bulk: () => bulkAnswer([{ responseStatus: 'SUCCESS' }, { id: 4 }]),
    });

    // Act
    const results = await gateway.createRelationships(rows(2), callContext());

    // Assess
    expect(reasons(results).map((reason) => (reason as RetryableError).code)).toEqual([
      'VAULT_BAD_RESPONSE',
      'VAULT_BAD_RESPONSE',
    ]);
  });
});
