import { type EmbeddedSqs, type QueuePair, startEmbeddedSqs } from '../embedded-sqs';
import { type FakeSecretsManager, startFakeSecretsManager } from '../fake-secrets-manager';
import { DEFAULT_USER, type FakeVault, startFakeVault } from '../fake-vault';
import { localLambdaEnvironment } from '../lambda-environment';

/** Where the handler's Vault is: the built-in fake, or a real sandbox reached over the internet. */
export type VaultTarget =
  | { kind: 'fake'; faultRate: number; faultSeed: number }
  | { kind: 'real'; dns: string; username: string; password: string };

export interface LocalStackOptions {
  vault: VaultTarget;
  /** The relay's MAX_ATTEMPTS; the queue's maxReceiveCount is set a little above it, as in the stack. */
  maxAttempts: number;
  visibilityTimeoutSeconds: number;
  queueName?: string;
}

export interface LocalStack {
  sqs: EmbeddedSqs;
  queues: QueuePair;
  secrets: FakeSecretsManager;
  fakeVault?: FakeVault;
  maxReceiveCount: number;
  /** What the handler finds in its Lambda environment. */
  handlerEnvironment: Record<string, string>;
  stop(): Promise<void>;
}

export const SECRET_ID = 'vault-relationship-relay/local/vault';
/** The infra stack's redrive setting: the relay parks messages itself before SQS's safety net would. */
export const REDRIVE_HEADROOM = 3;

/**
 * Starts the embedded stand-ins on 127.0.0.1: SQS (source queue and DLQ with the stack's redrive
 * policy), Secrets Manager holding the Vault secret, and the fake Vault unless a real one is named.
 * Whatever started is stopped again if a later step fails.
 */
export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse().splice(0)) await stopOne().catch(() => undefined);
  };
  try {
    const sqs = await startEmbeddedSqs();
    stops.push(() => sqs.stop());
    const maxReceiveCount = options.maxAttempts + REDRIVE_HEADROOM;
    const queues = await sqs.createQueuePair({
      name: options.queueName ?? 'relationship-relay',
      maxReceiveCount,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
    });
    const secrets = await startFakeSecretsManager();
    stops.push(() => secrets.stop());

    let fakeVault: FakeVault | undefined;
    const { vault } = options;
    if (vault.kind === 'fake') {
      fakeVault = await startFakeVault({
        faults: vault.faultRate > 0 ? { seed: vault.faultSeed, rate: vault.faultRate } : undefined,
      });
      const started = fakeVault;
      stops.push(() => started.stop());
      secrets.putSecret(SECRET_ID, {
        vaultDns: fakeVault.dns,
        vaultUrl: fakeVault.url,
        username: DEFAULT_USER.username,
        password: DEFAULT_USER.password,
      });
    } else {
      // No vaultUrl: the handler goes to https://{vaultDns}, exactly as it does in AWS.
      secrets.putSecret(SECRET_ID, {
        vaultDns: vault.dns,
        username: vault.username,
        password: vault.password,
      });
    }

    const handlerEnvironment: Record<string, string> = {
      ...localLambdaEnvironment({
        secretId: SECRET_ID,
        sourceQueueUrl: queues.sourceUrl,
        dlqUrl: queues.dlqUrl,
        sqsEndpoint: sqs.endpoint,
        secretsManagerEndpoint: secrets.endpoint,
      }),
      MAX_ATTEMPTS: String(options.maxAttempts),
    };
    return { sqs, queues, secrets, fakeVault, maxReceiveCount, handlerEnvironment, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
