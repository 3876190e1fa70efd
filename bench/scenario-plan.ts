/** What the orchestrator (run.ts) hands one scenario process, and what it gets back. */

/** (a), (b), (c), and a what-if: (c) with a larger batch size than the stack's default. */
export type ScenarioMode = 'naive' | 'relay-no-bulk' | 'relay' | 'relay-large-batch';

export interface EventSourceSettings {
  batchSize: number;
  maximumBatchingWindowMs: number;
  concurrency: number;
  functionTimeoutMs: number;
}

export interface ScenarioPlan {
  mode: ScenarioMode;
  messages: number;
  region: string;
  sqsEndpoint: string;
  sourceUrl: string;
  sourceArn: string;
  dlqUrl: string;
  secretsEndpoint: string;
  secretId: string;
  vault: { url: string; dns: string; username: string; password: string; apiVersion: string };
  eventSource: EventSourceSettings;
  /** The fake Vault's (time-scaled) burst window, which the relay's pacer must be told. */
  burstWindowMs: number;
  /** Give up after this long; a stuck run is reported, not waited for. */
  timeoutMs: number;
}

export interface ScenarioResult {
  mode: ScenarioMode;
  messages: number;
  /** From the first poll to the last message deleted from the source queue. */
  durationMs: number;
  completed: boolean;
  recordsDeleted: number;
  invocations: number;
  redeliveries: number;
  /** Process CPU (user + system) while at least one handler invocation was running. */
  handlerCpuMs: number;
  /** Sum of every invocation's wall time (overlapping invocations both count). */
  handlerWallMs: number;
  /** Process CPU for the whole run: poller, SQS client and handler. */
  processCpuMs: number;
  peakRssBytes: number;
  pollErrors: number;
}

export const SCENARIO_PLAN_ENV = 'BENCH_SCENARIO_PLAN';
export const SCENARIO_RESULT_PREFIX = 'BENCH_RESULT ';
