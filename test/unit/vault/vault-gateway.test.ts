import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../../../functions/relationships/errors';
import type { BurstPacer } from '../../../functions/vault/burst-pacer';
import {
  DeadlineError,
  VaultCredentialsError,
  VaultRejectedError,
  VaultUnavailableError,
} from '../../../functions/vault/vault-errors';
import { failure, loginAnswer, never, vaultJson } from '../../support/scripted-vault-fetch';
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

  it('splits large batches into calls of at most maxRowsPerCall, at most maxConcurrentCalls at a time', async () => {
    // Prepare
    let inFlight = 0;
    let peak = 0;
    const { gateway, calls } = gatewayHarness(
      {
        bulk: async (request) => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight -= 1;
          const sent = JSON.parse(request.body) as { source_doc_id__v: number }[];
          return bulkAnswer(sent.map((entry) => ({ responseStatus: 'SUCCESS', id: entry.source_doc_id__v })));
        },
      },
      { maxRowsPerCall: 3, maxConcurrentCalls: 2 },
    );
    const batch = rows(8);

    // Act
    const results = await gateway.createRelationships(batch, callContext());

    // Assess
    expect(calls('bulk').map((request) => (JSON.parse(request.body) as unknown[]).length)).toEqual([3, 3, 2]);
    expect(peak).toBe(2);
    expect(results).toEqual(
      batch.map((entry) => ({ status: 'fulfilled', value: { kind: 'created', id: entry.source_doc_id__v } })),
    );
  });

  it('never sends more than 1000 rows in one call, whatever the setting', async () => {
    // Prepare
    const { gateway, calls } = gatewayHarness({}, { maxRowsPerCall: 5000 });

    // Act
    await gateway.createRelationships(rows(1001), callContext());

    // Assess
    expect(calls('bulk').map((request) => (JSON.parse(request.body) as unknown[]).length)).toEqual([1000, 1]);
  });

  it('rejects only the rows of a chunk whose call failed', async () => {
    // Prepare
    let bulkCalls = 0;
    const { gateway } = gatewayHarness(
      {
        bulk: (request) =>
          ++bulkCalls === 1
            ? new Response('<html><h1>502 Bad Gateway</h1></html>', {
                status: 502,
                headers: { 'content-type': 'text/html' },
              })
            : bulkAnswer(
                (JSON.parse(request.body) as unknown[]).map(() => ({ responseStatus: 'SUCCESS', id: 3 })),
              ),
      },
      { maxRowsPerCall: 2, maxConcurrentCalls: 1 },
    );

    // Act
    const results = await gateway.createRelationships(rows(4), callContext());

    // Assess
    expect(reasons(results).map((reason) => (reason as RetryableError | undefined)?.code)).toEqual([
      'VAULT_HTTP_502',
      'VAULT_HTTP_502',
      undefined,
      undefined,
    ]);
  });

  it('throws when no row could be attempted, e.g. the login failed', async () => {
    // Prepare
    const { gateway, calls } = gatewayHarness({ auth: () => failure('INACTIVE_USER') });

    // Act
    const attempt = gateway.createRelationships(rows(3), callContext());

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(VaultCredentialsError);
    expect(calls('bulk')).toHaveLength(0);
  });

  it('starts no call when the invocation has less than timeout + safety margin left', async () => {
    // Prepare
    const { gateway, vault } = gatewayHarness();

    // Act
    const attempt = gateway.createRelationships(rows(2), callContext(1_099));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(DeadlineError);
    expect(vault.requests).toHaveLength(0);
  });

  it('rejects the unstarted rows with DeadlineError once time runs short mid-batch', async () => {
    // Prepare
    let remaining = 60_000;
    const { gateway, calls } = gatewayHarness(
      {
        bulk: (request) => {
          remaining = 1_000;
          return bulkAnswer(
            (JSON.parse(request.body) as unknown[]).map(() => ({ responseStatus: 'SUCCESS', id: 1 })),
          );
        },
      },
      { maxRowsPerCall: 2, maxConcurrentCalls: 1 },
    );

    // Act
    const results = await gateway.createRelationships(rows(4), { remainingTimeMs: () => remaining });

    // Assess
    expect(calls('bulk')).toHaveLength(1);
    expect(results.slice(0, 2).every((result) => result.status === 'fulfilled')).toBe(true);
    expect(
      reasons(results)
        .slice(2)
        .every((reason) => reason instanceof DeadlineError),
    ).toBe(true);
    expect(reasons(results)[2]).toBeInstanceOf(RetryableError);
  });

  it('times out a call Vault never answers, as a retryable failure', async () => {
    // Prepare
    const { gateway } = gatewayHarness({ single: () => never() }, { timeoutMs: 50 });

    // Act
    const [result] = await gateway.createRelationships([row(548)], callContext());

    // Assess
    const reason = (result as PromiseRejectedResult).reason as RetryableError;
    expect(reason).toBeInstanceOf(VaultUnavailableError);
    expect(reason.code).toBe('VAULT_TIMEOUT');
  });

  it('turns a network failure into a retryable VAULT_NETWORK', async () => {
    // Prepare
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const { gateway } = gatewayHarness({ bulk: () => Promise.reject(refused) });

    // Act
    const results = await gateway.createRelationships(rows(2), callContext());

    // Assess
    expect((reasons(results)[0] as RetryableError).code).toBe('VAULT_NETWORK');
    expect((reasons(results)[0] as RetryableError).message).toContain('ECONNREFUSED');
  });

  it('asks the pacer before every call and shows it every response’s headers', async () => {
    // Prepare
    const events: string[] = [];
    const pacer: BurstPacer = {
      acquire: async () => {
        events.push('acquire');
      },
      observe: (headers) => {
        events.push(`observe ${headers.get('X-VaultAPI-BurstLimitRemaining')}`);
      },
    };
    const { gateway } = gatewayHarness(
      {
        auth: () => loginAnswer('S'),
        single: () =>
          vaultJson({ responseStatus: 'SUCCESS', id: 1 }, { 'x-vaultapi-burstlimitremaining': '1500' }),
      },
      { pacer },
    );

    // Act
    await gateway.createRelationships([row(548)], callContext());

    // Assess
    expect(events).toEqual(['acquire', 'observe null', 'acquire', 'observe 1500']);
  });

  it('does not start a call the pacer refuses', async () => {
    // Prepare
    const budgetGone = new RetryableError('VAULT_BURST_RESERVE', 'burst budget reserved', {
      retryAfterSeconds: 120,
    });
    const pacer: BurstPacer = { acquire: async () => Promise.reject(budgetGone), observe: () => {} };
    const { gateway, vault } = gatewayHarness({}, { pacer });

    // Act
    const attempt = gateway.createRelationships(rows(2), callContext());

    // Assess
    await expect(attempt).rejects.toBe(budgetGone);
    expect(vault.requests).toHaveLength(0);
  });

  it('counts calls, the lowest burst budget left and delayed responses, per period', async () => {
    // Prepare
    let remaining = 10;
    const { gateway: paced } = gatewayHarness({
      single: () =>
        vaultJson(
          { responseStatus: 'SUCCESS', id: 1 },
          {
            'x-vaultapi-burstlimitremaining': String(--remaining),
            ...(remaining < 9 ? { 'X-VaultAPI-ResponseDelay': '500' } : {}),
          },
        ),
    });

    // Act
    await paced.createRelationships([row(548)], callContext());
    await paced.createRelationships([row(550)], callContext());
    await paced.createRelationships([row(552)], callContext());
    const first = paced.takeCallStats();
    const second = paced.takeCallStats();

    // Assess
    expect(first).toEqual({ calls: 4, lowestBurstRemaining: 7, delayedResponses: 2 });
    expect(second).toEqual({ calls: 0, delayedResponses: 0 });
  });

  it('answers an empty batch without calling Vault', async () => {
    // Prepare
    const { gateway, vault } = gatewayHarness();

    // Act
    const results = await gateway.createRelationships([], callContext());

    // Assess
    expect(results).toEqual([]);
    expect(vault.requests).toHaveLength(0);
  });
});
