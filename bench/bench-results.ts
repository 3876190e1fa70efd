import type { BundleMetrics } from './bundle-metrics';
import type { PacerCheck } from './pacer-check';
import type { Projection } from './real-time-projection';
import type { EventSourceSettings, ScenarioMode } from './scenario-plan';

export const SCENARIO_LABELS: Record<ScenarioMode, string> = {
  naive: '(a) naive baseline',
  'relay-no-bulk': '(b) relay, bulk off',
  relay: '(c) relay as shipped',
  'relay-large-batch': "(c') what-if: (c) with batch size 1,000, not shipped",
};

/** One scenario at one size; `basis` says whether it was run or derived from a smaller run. */
export interface ScenarioFigures {
  mode: ScenarioMode;
  messages: number;
  basis: 'measured' | { extrapolatedFrom: number };
  completed: boolean;
  relationshipsCreated: number;
  eventSource: EventSourceSettings;
  scaled: { durationMs: number; relationshipsPerSecond: number };
  realTimeProjected: Projection & { relationshipsPerSecond: number };
  vaultCalls: number;
  vaultCallsByRoute: Record<string, number>;
  vaultCallsPerRelationship: number;
  lowestBurstRemaining: number;
  delayedResponses: number;
  handlerCpuMsPerMessage: number;
  processCpuMsPerMessage: number;
  peakRssMB: number;
  invocations: number;
  redeliveries: number;
  /** Throughput of every repeat when the scenario ran more than once; the figures are the median run's. */
  repeatsRelationshipsPerSecond?: number[];
  /** Mean wall time of one invocation (the rest of a poller's cycle is receiving and deleting). */
  meanInvocationMs: number;
}

export interface Ratio {
  messages: number;
  cOverA: { scaled: number; realTimeProjected: number };
  cOverB: { scaled: number; realTimeProjected: number };
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
  /** How far off, when missed. */
  miss?: string;
}

export interface BenchResults {
  generatedAt: string;
  source: { commit: string; uncommittedFiles: number };
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  vault: {
    latencyMs: number;
    burstLimit: number;
    realWindowMs: number;
    scaledWindowMs: number;
    timeScale: number;
    realDelayMs: number;
    scaledDelayMs: number;
    reserveFraction: number;
    pacerBurstCalls: number;
  };
  scenarios: ScenarioFigures[];
  ratios: Ratio[];
  bundle: BundleMetrics & { target: string };
  /** (b) against a budget that binds, to show the pacer at work (absent when skipped). */
  pacerCheck?: PacerCheck;
  targets: TargetCheck[];
  durationOfBenchSeconds: number;
  /** 1-minute load average when the bench started and ended: the box is shared. */
  loadAverage: { start: number; end: number };
}
