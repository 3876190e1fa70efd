import { VAULT_BURST_WINDOW_MS } from '../../functions/vault/burst-window';
import { type EmbeddedSqs, type QueuePair, startEmbeddedSqs } from '../embedded-sqs';
import { type FakeSecretsManager, startFakeSecretsManager } from '../fake-secrets-manager';
import { type FakeVault, startFakeVault } from '../fake-vault';
import { localLambdaEnvironment } from '../lambda-environment';
import type { SoakDocument } from './message-generator';
import type { SeededRandom } from './seeded-random';
import type { SoakSettings } from './soak-settings';

export const SOAK_SECRET_ID = 'vault-relationship-relay/soak/vault';
export const SOAK_USERNAME = 'soak@promomats-sandbox.com';
/** The stack's redrive setting: maxReceiveCount = MAX_ATTEMPTS + 3 (see infra and local/run). */
export const SOAK_REDRIVE_HEADROOM = 3;
/** The fake Vault's default /auth limit per user and DNS (local/fake-vault/options.ts). */
const DEFAULT_LOGINS_PER_MINUTE = 20;

export interface SoakStack {
  sqs: EmbeddedSqs;
  queues: QueuePair;
  secrets: FakeSecretsManager;
  vault: FakeVault;
  /** Every password the user has had, oldest first (for the log scan). */
  passwords: string[];
  /** Changes the password in the fake Vault (the old one is refused from now on) and in the secret. */
  rotatePassword(): void;
  handlerEnvironment: Record<string, string>;
  stop(): Promise<void>;
}

const newPassword = (random: SeededRandom) =>
  `Soak-${Array.from({ length: 16 }, () => random.int(36).toString(36)).join('')}-Pw!`;

/**
 * The stand-ins of one soak run on 127.0.0.1: a fake Vault injecting random faults of every kind
 * (hangs included) and holding the soak's documents, the embedded SQS with the stack's redrive
 * policy, and Secrets Manager with the Vault secret. What started is stopped if a later step fails.
 */
export const startSoakStack = async (
  settings: SoakSettings,
  documents: readonly SoakDocument[],
  random: SeededRandom,
): Promise<SoakStack> => {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse().splice(0)) await stopOne().catch(() => undefined);
  };
  try {
    const passwords = [newPassword(random)];
    const vault = await startFakeVault({
      users: [{ username: SOAK_USERNAME, password: passwords[0] as string, vaultIds: [1776, 1777] }],
      faults: { seed: settings.seed, rate: settings.faultRate, kinds: settings.faultKinds },
      // Vault's per-minute login limit on the soak's time scale too: logins (cold starts, renewals)
      // come 10x as often per wall-clock minute as they would in production.
      loginsPerMinute: DEFAULT_LOGINS_PER_MINUTE * settings.backoffCompression,
      latencyMs: settings.vaultLatencyMs,
      faultLatencyMs: settings.faultLatencyMs,
      // Vault's five-minute burst window on the soak's time scale (the relay's pacer runs on the same).
      burst: {
        limit: settings.burstLimit,
        windowMs: VAULT_BURST_WINDOW_MS / settings.backoffCompression,
        delayMs: settings.burstDelayMs,
      },
    });
    stops.push(() => vault.stop());
    for (const document of documents) vault.addDocument(undefined, document);

    const sqs = await startEmbeddedSqs();
    stops.push(() => sqs.stop());
    const queues = await sqs.createQueuePair({
      name: `soak-${settings.seed}`,
      maxReceiveCount: settings.maxAttempts + SOAK_REDRIVE_HEADROOM,
      visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
    });

    const secrets = await startFakeSecretsManager();
    stops.push(() => secrets.stop());
    const secretFor = (password: string) => ({
      vaultDns: vault.dns,
      vaultUrl: vault.url,
      username: SOAK_USERNAME,
      password,
    });
    secrets.putSecret(SOAK_SECRET_ID, secretFor(passwords[0] as string));

    const handlerEnvironment: Record<string, string> = {
      ...localLambdaEnvironment({
        secretId: SOAK_SECRET_ID,
        sourceQueueUrl: queues.sourceUrl,
        dlqUrl: queues.dlqUrl,
        sqsEndpoint: sqs.endpoint,
        secretsManagerEndpoint: secrets.endpoint,
      }),
      MAX_ATTEMPTS: String(settings.maxAttempts),
      VAULT_TIMEOUT_MS: String(settings.vaultTimeoutMs),
      SAFETY_MARGIN_MS: String(settings.safetyMarginMs),
      // Every poller is a container with its own pacer, as the stack's maxConcurrency is.
      PACER_CONTAINERS: String(settings.pollers),
      POWERTOOLS_LOG_LEVEL: 'INFO',
    };

    return {
      sqs,
      queues,
      secrets,
      vault,
      passwords,
      rotatePassword: () => {
        const password = newPassword(random);
        passwords.push(password);
        vault.setPassword(SOAK_USERNAME, password);
        secrets.putSecret(SOAK_SECRET_ID, secretFor(password));
      },
      handlerEnvironment,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
