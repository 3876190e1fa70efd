import { describe, expect, it } from 'vitest';
import { RetryableError } from '../../../functions/relationships/errors';
import type { BurstPacer } from '../../../functions/vault/burst-pacer';
import {
  DeadlineError,
  VaultCredentialsError,
  VaultUnavailableError,
} from '../../../functions/vault/vault-errors';
import { failure, loginAnswer, never, vaultJson } from '../../support/scripted-vault-fetch';
import { callContext, gatewayHarness, row, rows } from '../../support/vault-gateway-harness';

const reasons = (results: PromiseSettledResult<unknown>[]) =>
  results.map((result) => (result.status === 'rejected' ? result.reason : undefined));

const bulkAnswer = (entries: unknown[]) => vaultJson({ responseStatus: 'SUCCESS', data: entries });

describe('VaultGateway limits: chunks, time, pacing, transport', () => {
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

  it.each([1_099, 0, -1, -60_000])(
    'starts no call when the invocation has %i ms left (less than timeout + safety margin)',
    async (remainingMs) => {
      // Prepare
      const { gateway, vault } = gatewayHarness();

      // Act
      const attempt = gateway.createRelationships(rows(2), callContext(remainingMs));

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(DeadlineError);
      expect(vault.requests).toHaveLength(0);
    },
  );

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

  it('says an answer that broke off mid-body broke off, rather than that Vault could not be reached', async () => {
    // Prepare: the status line and headers arrive, then the connection drops inside the body.
    const dropped = Object.assign(new TypeError('terminated'), { cause: { code: 'UND_ERR_SOCKET' } });
    const brokenBody = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"responseStatus":"SUCC'));
            controller.error(dropped);
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const { gateway } = gatewayHarness({ bulk: brokenBody });

    // Act
    const results = await gateway.createRelationships(rows(2), callContext());

    // Assess
    const reason = reasons(results)[0] as RetryableError;
    expect(reason).toBeInstanceOf(VaultUnavailableError);
    expect(reason.code).toBe('VAULT_NETWORK');
    expect(reason.message).toBe(
      'Vault answered HTTP 200 but its body could not be read to the end (UND_ERR_SOCKET)',
    );
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

  it('tells the pacer to hold back when Vault answers API_LIMIT_EXCEEDED to a call', async () => {
    // Prepare
    const penalties: (number | undefined)[] = [];
    const pacer: BurstPacer = {
      acquire: async () => {},
      observe: () => {},
      penalise: (seconds) => penalties.push(seconds),
    };
    const { gateway } = gatewayHarness({ bulk: () => failure('API_LIMIT_EXCEEDED') }, { pacer });

    // Act
    const results = await gateway.createRelationships(rows(2), callContext());

    // Assess
    expect(reasons(results).map((reason) => (reason as RetryableError).code)).toEqual([
      'VAULT_API_LIMIT_EXCEEDED',
      'VAULT_API_LIMIT_EXCEEDED',
    ]);
    expect(penalties).toEqual([60]);
  });

  it('does not hold the pacer back for the login limit, which is per user', async () => {
    // Prepare
    const penalties: (number | undefined)[] = [];
    const pacer: BurstPacer = {
      acquire: async () => {},
      observe: () => {},
      penalise: (seconds) => penalties.push(seconds),
    };
    const { gateway } = gatewayHarness({ auth: () => failure('API_LIMIT_EXCEEDED') }, { pacer });

    // Act
    const attempt = gateway.createRelationships(rows(2), callContext());

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(RetryableError);
    expect(penalties).toEqual([]);
  });
});
