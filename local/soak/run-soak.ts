import { appendFileSync } from 'node:fs';
import { createLocalSqsClient, LOCAL_REGION } from '../embedded-sqs';
import { type EventSourcePoller, type SqsBatchHandler, startEventSourcePoller } from '../event-source-poller';
import { applyEnvironment } from '../run/process-environment';
import { isEmpty, queueDepth } from '../run/queue-depth';
import { type ContainerIo, type CrashingHandler, killableFetch, withCrashes } from './crashing-handler';
import { readAllDeadLetters } from './dead-letter-reader';
import { enqueueSoakMessages } from './enqueue-soak-messages';
import { evaluateSoak } from './evaluate-soak';
import { withSoakFaults } from './faulty-sqs-client';
import { startLogCapture } from './log-capture';
import { generateSoakMessages, relationshipKey } from './message-generator';
import { seededRandom } from './seeded-random';
import type { SoakReport } from './soak-report';
import type { SoakSettings } from './soak-settings';
import { startSoakStack } from './soak-stack';

/** Builds one handler instance (one Lambda container: its own session and breaker) on the given I/O. */
export type SoakHandlerFactory = (io: ContainerIo) => Promise<SqsBatchHandler> | SqsBatchHandler;

export interface SoakProgress {
  settled: number;
  total: number;
  depth: { visible: number; inFlight: number };
}

export interface RunSoakOptions {
  settings: SoakSettings;
  createHandler: SoakHandlerFactory;
  onProgress?: (progress: SoakProgress, write: (text: string) => void) => void;
}

export const SOAK_RELATIONSHIP_TYPES = [
  { name: 'supporting_documents__vs', targetVersionSpecific: true },
  { name: 'references__c', targetVersionSpecific: false },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One soak run: generate the messages, start the stand-ins, enqueue, let `pollers` handler
 * instances drain the queue through every fault, rotate the password on the way, then gather the
 * final state and check the invariants. Everything random comes from `settings.seed`.
 */
export const runSoak = async ({
  settings,
  createHandler,
  onProgress,
}: RunSoakOptions): Promise<SoakReport> => {
  const random = seededRandom(settings.seed);
  const { messages, documents } = generateSoakMessages({
    count: settings.messages,
    random: random.fork('messages'),
    relationshipTypes: SOAK_RELATIONSHIP_TYPES,
    invalidShare: settings.invalidShare,
    unknownDocumentShare: settings.unknownDocumentShare,
  });
  const stack = await startSoakStack(settings, documents, random.fork('passwords'));
  const restoreEnvironment = applyEnvironment(stack.handlerEnvironment);
  const capture = startLogCapture(
    settings.logFile ? { onLine: (line) => appendFileSync(settings.logFile as string, `${line}\n`) } : {},
  );
  const pollers: EventSourcePoller[] = [];
  const crashing: CrashingHandler[] = [];
  const faultyClients: ReturnType<typeof withSoakFaults>[] = [];
  try {
    const preexistingKeys = new Set(stack.vault.relationships().map(relationshipKey));
    await enqueueSoakMessages(stack.sqs.client, stack.queues.sourceUrl, messages);
    const startedAt = Date.now();

    for (let instance = 1; instance <= settings.pollers; instance += 1) {
      const dlqRandom = random.fork(`dlq-${instance}`);
      const crashy = await withCrashes(
        async (alive) => {
          const faulty = withSoakFaults(createLocalSqsClient(stack.sqs.endpoint), {
            random: dlqRandom,
            deadLetterQueueUrl: stack.queues.dlqUrl,
            callRefusalRate: settings.dlqCallRefusalRate,
            entryRefusalRate: settings.dlqEntryRefusalRate,
            backoffCompression: settings.backoffCompression,
            alive,
          });
          faultyClients.push(faulty);
          return createHandler({
            sqsClient: faulty.client,
            fetch: killableFetch(alive),
            timeScale: settings.backoffCompression,
          });
        },
        {
          random: random.fork(`crash-${instance}`),
          rate: settings.crashRate,
          maxDelayMs: settings.crashMaxDelayMs,
        },
      );
      crashing.push(crashy);
      pollers.push(
        startEventSourcePoller({
          client: stack.sqs.client,
          queueUrl: stack.queues.sourceUrl,
          queueArn: stack.queues.sourceArn,
          region: LOCAL_REGION,
          handler: crashy.handler,
          batchSize: settings.batchSize,
          maximumBatchingWindowMs: settings.batchingWindowMs,
          functionTimeoutMs: settings.functionTimeoutMs,
          concurrency: 1,
          functionName: `create-relationships-${instance}`,
          waitTimeSeconds: 1,
        }),
      );
    }

    const settled = () => pollers.reduce((sum, poller) => sum + poller.counters().recordsDeleted, 0);
    let rotations = 0;
    let quietChecks = 0;
    let drained = false;
    while (Date.now() - startedAt < settings.timeoutMs) {
      await sleep(250);
      const done = settled();
      while (
        rotations < settings.rotations &&
        done >= ((rotations + 1) * messages.length) / (settings.rotations + 1)
      ) {
        stack.rotatePassword();
        rotations += 1;
      }
      const depth = await queueDepth(stack.sqs.client, stack.queues.sourceUrl);
      onProgress?.({ settled: done, total: messages.length, depth }, (text) =>
        capture.passthrough('stderr', text),
      );
      quietChecks = isEmpty(depth) && !pollers.some((poller) => poller.busy()) ? quietChecks + 1 : 0;
      if (quietChecks >= 2) {
        drained = true;
        break;
      }
    }
    await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
    await Promise.all(crashing.map((crashy) => crashy.settled()));
    const wallTimeMs = Date.now() - startedAt;
    const logLines = capture.stop();

    return evaluateSoak({
      settings,
      drained,
      wallTimeMs,
      messages,
      preexistingKeys,
      vault: stack.vault,
      deadLetters: await readAllDeadLetters(stack.sqs.client, stack.queues.dlqUrl),
      passwords: stack.passwords,
      rotations,
      logLines,
      invocationsAbandoned: crashing.reduce((sum, crashy) => sum + crashy.crashes(), 0),
      abandoned: new Set(crashing.flatMap((crashy) => [...crashy.abandonedSoakIds()])),
      deadLetterRefusals: faultyClients.map((faulty) => faulty.refusals()),
    });
  } finally {
    capture.stop();
    await Promise.all(pollers.map((poller) => poller.stop()));
    for (const faulty of faultyClients) faulty.client.destroy();
    restoreEnvironment();
    await stack.stop();
  }
};
