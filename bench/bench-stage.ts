import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { type EmbeddedSqs, LOCAL_REGION, startEmbeddedSqs } from '../local/embedded-sqs';
import { type FakeSecretsManager, startFakeSecretsManager } from '../local/fake-secrets-manager';
import { DEFAULT_USER, startFakeVault } from '../local/fake-vault';
import type { FakeVault } from '../local/fake-vault/types';
import { benchMessages } from './bench-messages';
import type { EventSourceSettings, ScenarioMode, ScenarioPlan } from './scenario-plan';

/** The fake Vault every scenario meets: the same settings for all three. */
export interface VaultSettings {
  latencyMs: number;
  burstLimit: number;
  /** The time-scaled window the fake counts in. */
  burstWindowMs: number;
  burstDelayMs: number;
}

export interface Stage {
  prepare(mode: ScenarioMode, messages: number, eventSource: EventSourceSettings): Promise<PreparedScenario>;
  stop(): Promise<void>;
}

export interface PreparedScenario {
  plan: ScenarioPlan;
  vault: FakeVault;
  /** Stops this scenario's fake Vault. */
  finish(): Promise<void>;
}

const API_VERSION = 'v25.2';
const SEND_CONCURRENCY = 8;

const enqueue = async (sqs: EmbeddedSqs, queueUrl: string, messages: number) => {
  const bodies = benchMessages(messages).map((message) => JSON.stringify(message));
  let next = 0;
  const sender = async () => {
    while (next < bodies.length) {
      const start = next;
      next += 10;
      const entries = bodies
        .slice(start, start + 10)
        .map((body, index) => ({ Id: String(index), MessageBody: body }));
      const { Failed } = await sqs.client.send(
        new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
      );
      if (Failed?.length) throw new Error(`bench: ${Failed.length} messages could not be enqueued`);
    }
  };
  await Promise.all(Array.from({ length: SEND_CONCURRENCY }, sender));
};

/**
 * The loopback stand-ins, in the bench's own process: one SQS emulator and one Secrets Manager for
 * the whole run; a fresh fake Vault and a fresh queue pair per scenario, so counters, burst window
 * and created relationships start from zero each time.
 */
export const startStage = async (settings: VaultSettings, timeoutMs: number): Promise<Stage> => {
  const sqs = await startEmbeddedSqs();
  const secrets: FakeSecretsManager = await startFakeSecretsManager();
  let runs = 0;

  const prepare = async (mode: ScenarioMode, messages: number, eventSource: EventSourceSettings) => {
    runs += 1;
    const vault = await startFakeVault({
      latencyMs: settings.latencyMs,
      burst: { limit: settings.burstLimit, windowMs: settings.burstWindowMs, delayMs: settings.burstDelayMs },
    });
    const secretId = `bench/vault-${runs}`;
    secrets.putSecret(secretId, {
      vaultDns: vault.dns,
      username: DEFAULT_USER.username,
      password: DEFAULT_USER.password,
      vaultUrl: vault.url,
    });
    const queues = await sqs.createQueuePair({
      name: `bench-${runs}-${mode}-${messages}`,
      maxReceiveCount: 10,
      visibilityTimeoutSeconds: Math.ceil((6 * eventSource.functionTimeoutMs) / 1000),
    });
    await enqueue(sqs, queues.sourceUrl, messages);
    const plan: ScenarioPlan = {
      mode,
      messages,
      region: LOCAL_REGION,
      sqsEndpoint: sqs.endpoint,
      sourceUrl: queues.sourceUrl,
      sourceArn: queues.sourceArn,
      dlqUrl: queues.dlqUrl,
      secretsEndpoint: secrets.endpoint,
      secretId,
      vault: {
        url: vault.url,
        dns: vault.dns,
        username: DEFAULT_USER.username,
        password: DEFAULT_USER.password,
        apiVersion: API_VERSION,
      },
      eventSource,
      burstWindowMs: settings.burstWindowMs,
      timeoutMs,
    };
    return { plan, vault, finish: () => vault.stop() };
  };

  return {
    prepare,
    stop: async () => {
      await secrets.stop();
      await sqs.stop();
    },
  };
};
