import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadConfig } from '../config';
import { createExecutionIdRecorder } from '../observability/execution-id-recorder';
import { createPowertoolsTelemetry } from '../observability/powertools-telemetry';
import type { Clock } from '../relationships/ports';
import { createRelayService } from '../relationships/relay-service';
import { createSecretsManagerCredentialsSource } from '../secrets/secrets-manager-credentials-source';
import { createDeadLetterPublisher } from '../sqs/dead-letter-publisher';
import { createVisibilityRetryScheduler } from '../sqs/visibility-retry-scheduler';
import { createAdaptivePacer } from '../vault/adaptive-pacer';
import type { BurstPacer } from '../vault/burst-pacer';
import { createVaultGateway, type VaultGatewayOptions } from '../vault/vault-gateway';
import type { RelayRuntime, Wire } from './create-handler';

export { createHandler } from './create-handler';

/** What a test or a local run may hand in instead of the defaults; AWS needs none of it. */
export interface WiringOverrides {
  sqsClient?: SQSClient;
  secretsClient?: SecretsManagerClient;
  fetch?: typeof fetch;
  clock?: Clock;
  pacer?: BurstPacer;
  /** Tuning the Vault gateway beyond the environment (e.g. rows per call, breaker timing). */
  gateway?: Partial<Omit<VaultGatewayOptions, 'credentials' | 'pacer' | 'fetch' | 'clock' | 'logger'>>;
}

/**
 * The composition root: Lambda environment → config → real adapters → the relay service. Runs
 * once per container (on the first invocation), so the Vault session, the secret cache, the
 * login breaker and the burst pacer live as long as the container does.
 */
export const wireRelay =
  (environment: Record<string, string | undefined> = process.env, overrides: WiringOverrides = {}): Wire =>
  ({ logger, metrics }): RelayRuntime => {
    const config = loadConfig(environment);
    const clock = overrides.clock ?? { now: () => Date.now() };
    // Clients honour AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL_SECRETS_MANAGER themselves (local runs).
    // With such an override the configured endpoint must win over the host in a queue URL (an
    // emulator names queues on hosts like sqs.us-east-1.localhost); in AWS both are the same host.
    const endpointOverridden = Boolean(environment.AWS_ENDPOINT_URL_SQS || environment.AWS_ENDPOINT_URL);
    const sqs =
      overrides.sqsClient ?? new SQSClient(endpointOverridden ? { useQueueUrlAsEndpoint: false } : {});
    const executionIds = createExecutionIdRecorder(overrides.fetch ?? globalThis.fetch);
    const gateway = createVaultGateway({
      credentials: createSecretsManagerCredentialsSource({
        secretId: config.vaultSecretId,
        maxAgeSeconds: config.secretCacheSeconds,
        client: overrides.secretsClient,
      }),
      apiVersion: config.vaultApiVersion,
      clientId: config.vaultClientId,
      timeoutMs: config.vaultTimeoutMs,
      safetyMarginMs: config.safetyMarginMs,
      pacer:
        overrides.pacer ??
        createAdaptivePacer({
          reserveFraction: config.burstReserveFraction,
          containers: config.pacerContainers,
          clock,
        }),
      fetch: executionIds.fetch,
      clock,
      logger,
      ...overrides.gateway,
    });
    const telemetry = createPowertoolsTelemetry(logger, metrics, executionIds.latest);
    const service = createRelayService({
      gateway,
      deadLetters: createDeadLetterPublisher({
        client: sqs,
        queueUrl: config.dlqUrl,
        onAttributesDropped: (messageId, dropped) =>
          logger.warn('dead letter attributes dropped to stay within the SQS limit of 10', {
            messageId,
            dropped,
          }),
      }),
      retryScheduler: createVisibilityRetryScheduler({ client: sqs, queueUrl: config.sourceQueueUrl }),
      clock,
      telemetry,
      maxAttempts: config.maxAttempts,
      sourceQueue: config.sourceQueueUrl,
    });
    return {
      service,
      telemetry,
      takeInvocationSummary: () => ({
        vaultCalls: gateway.takeCallStats(),
        vaultExecutionIds: executionIds.take(),
      }),
    };
  };
