import type { Context, SQSEvent } from 'aws-lambda';
import { createLocalSqsClient, LOCAL_AWS_CREDENTIALS } from '../local/embedded-sqs';
import { type SqsBatchHandler, startEventSourcePoller } from '../local/event-source-poller';
import { createNaiveRelayHandler } from './naive-relay';
import { loadRelayHandler } from './relay-under-test';
import {
  SCENARIO_PLAN_ENV,
  SCENARIO_RESULT_PREFIX,
  type ScenarioPlan,
  type ScenarioResult,
} from './scenario-plan';

/**
 * One benchmark scenario in a process of its own (started by run.ts): the local event-source
 * poller drives one handler until every message has left the source queue. The fake Vault and
 * the SQS emulator live in the parent, so the CPU and memory measured here are the handler's,
 * the poller's and their SDK clients' only.
 */
const plan = JSON.parse(process.env[SCENARIO_PLAN_ENV] ?? 'null') as ScenarioPlan | null;
if (!plan) throw new Error(`${SCENARIO_PLAN_ENV} is not set; run the bench with npm run bench`);

// The relay reads these at cold start, exactly as in Lambda; only the endpoints are local.
Object.assign(process.env, {
  VAULT_SECRET_ID: plan.secretId,
  DLQ_URL: plan.dlqUrl,
  SOURCE_QUEUE_URL: plan.sourceUrl,
  VAULT_API_VERSION: plan.vault.apiVersion,
  AWS_REGION: plan.region,
  AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
  AWS_ENDPOINT_URL_SQS: plan.sqsEndpoint,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: plan.secretsEndpoint,
  POWERTOOLS_SERVICE_NAME: 'vault-relationship-relay',
  POWERTOOLS_METRICS_NAMESPACE: 'VaultRelationshipRelay',
});

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** Counts process CPU while at least one invocation runs, so overlapping invocations count once. */
const measured = (handler: SqsBatchHandler) => {
  let active = 0;
  let since: NodeJS.CpuUsage = process.cpuUsage();
  let total = 0;
  let wallMs = 0;
  const wrapped = async (event: SQSEvent, context: Context) => {
    if (active === 0) since = process.cpuUsage();
    active += 1;
    const startedAt = performance.now();
    try {
      return await handler(event, context);
    } finally {
      wallMs += performance.now() - startedAt;
      active -= 1;
      if (active === 0) total += cpuMs(process.cpuUsage(since));
    }
  };
  return { wrapped, cpuMs: () => total, wallMs: () => wallMs };
};

const handler: SqsBatchHandler =
  plan.mode === 'naive'
    ? createNaiveRelayHandler({
        vaultUrl: plan.vault.url,
        vaultDns: plan.vault.dns,
        username: plan.vault.username,
        password: plan.vault.password,
        apiVersion: plan.vault.apiVersion,
      })
    : await loadRelayHandler({ bulk: plan.mode !== 'relay-no-bulk', burstWindowMs: plan.burstWindowMs });
const meter = measured(handler);
let pollErrors = 0;

const processCpuStart = process.cpuUsage();
const startedAt = performance.now();
const poller = startEventSourcePoller({
  client: createLocalSqsClient(plan.sqsEndpoint),
  queueUrl: plan.sourceUrl,
  queueArn: plan.sourceArn,
  region: plan.region,
  handler: meter.wrapped,
  ...plan.eventSource,
  onPollError: () => {
    pollErrors += 1;
  },
});

const done = () => poller.counters().recordsDeleted >= plan.messages;
while (!done() && performance.now() - startedAt < plan.timeoutMs) {
  await new Promise((resolve) => setTimeout(resolve, 10));
}
const durationMs = performance.now() - startedAt;
const processCpuMs = cpuMs(process.cpuUsage(processCpuStart));
await poller.stop();
const counters = poller.counters();

const result: ScenarioResult = {
  mode: plan.mode,
  messages: plan.messages,
  durationMs,
  completed: done(),
  recordsDeleted: counters.recordsDeleted,
  invocations: counters.invocations,
  redeliveries: counters.redeliveries,
  handlerCpuMs: meter.cpuMs(),
  handlerWallMs: meter.wallMs(),
  processCpuMs,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  pollErrors,
};
// Written last and flushed before exiting: the parent reads this one line among the relay's logs.
process.stdout.write(`\n${SCENARIO_RESULT_PREFIX}${JSON.stringify(result)}\n`, () => process.exit(0));
