import type { RelationshipMessage } from '../relationships/message';
import type { CallContext, Clock, CreateResult, VaultGateway } from '../relationships/ports';
import type { BurstPacer } from './burst-pacer';
import { createCallStatsRecorder, type VaultCallStats } from './call-stats';
import type { CredentialsSource } from './credentials-source';
import { DEFAULT_DUPLICATE_PATTERN } from './duplicate-relationship';
import { createLoginBreaker } from './login-breaker';
import { bulkCreateRequest, MAX_BULK_ROWS, singleCreateRequest } from './relationship-requests';
import { bulkOutcomes, singleOutcome } from './relationship-results';
import { runBounded } from './run-bounded';
import { createVaultClient } from './vault-client';
import { DeadlineError, VaultTransientError } from './vault-errors';
import { silentLogger, type VaultLogger } from './vault-logger';
import { createVaultSessions } from './vault-session';

export interface VaultGatewayOptions {
  credentials: CredentialsSource;
  /** VAULT_API_VERSION, e.g. v25.2. */
  apiVersion: string;
  /** VAULT_CLIENT_ID; the secret's clientId wins when present. */
  clientId: string;
  /** VAULT_TIMEOUT_MS: the longest any one call may take. */
  timeoutMs: number;
  /** SAFETY_MARGIN_MS: invocation time kept free after the last call could time out. */
  safetyMarginMs: number;
  pacer: BurstPacer;
  fetch?: typeof fetch;
  clock?: Clock;
  /** How waits (an open login breaker sat out) pass; injected by tests with a manual clock. */
  sleep?: (ms: number) => Promise<void>;
  logger?: VaultLogger;
  /** Rows per bulk call, at most Veeva's 1000. */
  maxRowsPerCall?: number;
  /** false: every row takes the single endpoint, one call each (the benchmark's "bulk off"). Default true. */
  bulk?: boolean;
  /** Bulk calls in flight at once for one batch; small, to share the burst budget. */
  maxConcurrentCalls?: number;
  loginBreakerOpenMs?: number;
  loginBreakerMaxOpenMs?: number;
  sessionMaxAgeMs?: number;
  sessionIdleRenewMs?: number;
  /** How a duplicate FAILURE is recognised (see duplicate-relationship.ts). */
  duplicatePattern?: RegExp;
}

/** The gateway plus the call stats the handler turns into metrics. */
export interface VaultGatewayAdapter extends VaultGateway {
  takeCallStats(): VaultCallStats;
}

const HOUR_MS = 3_600_000;

export const VAULT_GATEWAY_DEFAULTS = {
  maxRowsPerCall: MAX_BULK_ROWS,
  maxConcurrentCalls: 2,
  loginBreakerOpenMs: 30_000,
  loginBreakerMaxOpenMs: 15 * 60_000,
  // Vault's hard limit is 48 h; an hour of slack keeps a long call from outliving its session.
  sessionMaxAgeMs: 47 * HOUR_MS,
  // The shortest idle timeout a vault can set is 10 min; renewing a little before avoids a wasted call.
  sessionIdleRenewMs: 9 * 60_000,
} as const;

type Settled = PromiseSettledResult<CreateResult>;
type UnsentChunk = { sent: false; error: unknown };
type ChunkOutcome = { sent: true; results: Settled[] } | UnsentChunk;

const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

/** One Vault gateway per cold start: its session, breaker and stats live as long as the container. */
export const createVaultGateway = (options: VaultGatewayOptions): VaultGatewayAdapter => {
  const settings = { ...VAULT_GATEWAY_DEFAULTS, ...options };
  const clock = options.clock ?? { now: () => Date.now() };
  const logger = options.logger ?? silentLogger;
  const duplicatePattern = options.duplicatePattern ?? DEFAULT_DUPLICATE_PATTERN;
  const stats = createCallStatsRecorder();
  const client = createVaultClient({
    fetch: options.fetch ?? globalThis.fetch,
    apiVersion: options.apiVersion,
    timeoutMs: options.timeoutMs,
    safetyMarginMs: options.safetyMarginMs,
    pacer: options.pacer,
    stats,
  });
  const sessions = createVaultSessions({
    credentials: options.credentials,
    client,
    clock,
    logger,
    breaker: createLoginBreaker({
      clock,
      openMs: settings.loginBreakerOpenMs,
      maxOpenMs: settings.loginBreakerMaxOpenMs,
    }),
    defaultClientId: options.clientId,
    maxAgeMs: settings.sessionMaxAgeMs,
    idleRenewMs: settings.sessionIdleRenewMs,
    // As for the pacer: wait only as long as a call could still start and time out within the margin.
    waitBudgetMs: (context) => context.remainingTimeMs() - (options.timeoutMs + options.safetyMarginMs),
    sleep: options.sleep,
  });

  // Vault refuses calls past its limit with API_LIMIT_EXCEEDED: the pacer then holds every call back
  // for a while instead of letting the other chunks and invocations walk into the same refusal.
  const penaliseOnApiLimit = (results: Settled[]) => {
    const limited = results.find(
      (result) =>
        result.status === 'rejected' &&
        result.reason instanceof VaultTransientError &&
        result.reason.vaultErrorType === 'API_LIMIT_EXCEEDED',
    ) as PromiseRejectedResult | undefined;
    if (limited) options.pacer.penalise?.((limited.reason as VaultTransientError).retryAfterSeconds);
    return results;
  };

  // `sent` tells a failure before any create call (no session, no time) from one after it.
  const createChunk = async (
    rows: readonly RelationshipMessage[],
    bulk: boolean,
    context: CallContext,
  ): Promise<ChunkOutcome> => {
    const marker = { sent: false };
    try {
      const results = await sessions.run(context, async (session) => {
        marker.sent = true;
        if (!bulk) {
          const answer = await client.send(
            session,
            singleCreateRequest(rows[0] as RelationshipMessage, session.id),
            context,
          );
          return [{ status: 'fulfilled', value: singleOutcome(answer, duplicatePattern) } as Settled];
        }
        const answer = await client.send(session, bulkCreateRequest(rows, session.id), context);
        return bulkOutcomes(answer, rows.length, duplicatePattern);
      });
      return { sent: true, results: penaliseOnApiLimit(results) };
    } catch (error) {
      if (!marker.sent || error instanceof DeadlineError) return { sent: false, error };
      const results = rows.map((): Settled => ({ status: 'rejected', reason: error }));
      return { sent: true, results: penaliseOnApiLimit(results) };
    }
  };

  return {
    takeCallStats: () => stats.take(),
    async createRelationships(rows, context) {
      if (rows.length === 0) return [];
      // A lone message takes the seed's single endpoint; two or more go in bulk, whatever the chunking.
      const bulk = options.bulk !== false && rows.length > 1;
      const chunks = chunk(rows, bulk ? Math.min(settings.maxRowsPerCall, MAX_BULK_ROWS) : 1);
      const outcomes = await runBounded(chunks, settings.maxConcurrentCalls, (part) =>
        createChunk(part, bulk, context),
      );
      const unsent = outcomes.filter((outcome): outcome is UnsentChunk => !outcome.sent);
      if (unsent.length === outcomes.length && unsent[0]) throw unsent[0].error;
      return outcomes.flatMap((outcome, index) =>
        outcome.sent
          ? outcome.results
          : (chunks[index] as RelationshipMessage[]).map(
              (): Settled => ({ status: 'rejected', reason: outcome.error }),
            ),
      );
    },
  };
};
