import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { parseRelaySettings } from '../infra/settings';
import { type BenchResults, SCENARIO_LABELS, type ScenarioFigures } from './bench-results';
import { startStage, type VaultSettings } from './bench-stage';
import { measureBundle } from './bundle-metrics';
import { extrapolateNaive, figuresOf, medianRun, type PacerModel, ratiosOf, targetsOf } from './figures';
import { type PacerCheck, runPacerCheck } from './pacer-check';
import type { RealBurst } from './real-time-projection';
import { resultsTable } from './results-table';
import { runScenario } from './run-scenario';
import type { EventSourceSettings, ScenarioMode } from './scenario-plan';

/**
 * `npm run bench`: the naive relay, the relay with bulk off and the relay as shipped, side by side
 * against the same fake Vault, through the local event-source poller. Writes bench/results.json
 * and prints the markdown table. Flags: --sizes 1000,10000  --naive-max 1000  --scale 100
 * --what-if-batch 1000 adds (c') once at the largest size: the shipped relay with a larger batch size
 * (0 skips it). --pacer-check 3000 adds a run of (b) where the budget binds (window scaled ×10). --modes and --import-runs narrow a run while developing; the committed results use
 * the defaults.
 */
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    'naive-max': { type: 'string', default: '1000' },
    scale: { type: 'string', default: '100' },
    'import-runs': { type: 'string', default: '7' },
    modes: { type: 'string', default: 'relay,relay-no-bulk,naive' },
    'what-if-batch': { type: 'string', default: '1000' },
    repeats: { type: 'string', default: '3' },
    'pacer-check': { type: 'string', default: '3000' },
    out: { type: 'string', default: new URL('./results.json', import.meta.url).pathname },
  },
});
const sizes = values.sizes.split(',').map(Number);
const naiveMax = Number(values['naive-max']);
const scale = Number(values.scale);

const REAL_WINDOW_MS = 300_000;
const REAL_DELAY_MS = 500;
const vaultSettings: VaultSettings = {
  latencyMs: 50,
  burstLimit: 2000,
  burstWindowMs: REAL_WINDOW_MS / scale,
  burstDelayMs: REAL_DELAY_MS / scale,
};
const realBurst: RealBurst = { limit: 2000, windowMs: REAL_WINDOW_MS, delayMs: REAL_DELAY_MS };
// The shipped pacer: BURST_RESERVE_FRACTION's default, and back-to-back calls of 5% of the limit.
const pacerModel: PacerModel = { reserveFraction: 0.2, burstCalls: Math.floor(2000 * 0.05) };

// (b) and (c) use the stack's own defaults (infra/settings.ts), as deployed.
const shipped = parseRelaySettings({});
const relayEventSource: EventSourceSettings = {
  batchSize: shipped.batchSize,
  maximumBatchingWindowMs: shipped.maxBatchingWindowSeconds * 1000,
  concurrency: shipped.maxConcurrency,
  functionTimeoutMs: shipped.timeoutSeconds * 1000,
};
// The naive relay as its author would deploy it: Lambda's default batch of 10, one batch at a time.
const naiveEventSource: EventSourceSettings = {
  batchSize: 10,
  maximumBatchingWindowMs: 0,
  concurrency: 1,
  functionTimeoutMs: 60_000,
};

// The SDK's one-off notice that it will need Node 22 in 2027 is noise in the bench's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const benchStarted = performance.now();
const loadAtStart = loadavg()[0] ?? 0;
// Which code was measured: the commit, and how many files differed from it (work in progress).
const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
const source = {
  commit: git('rev-parse', '--short', 'HEAD'),
  uncommittedFiles: git('status', '--porcelain', '--untracked-files=no').split('\n').filter(Boolean).length,
};
const log = (line: string) => process.stderr.write(`${line}\n`);

log(`bundling the handler and timing ${values['import-runs']} cold imports...`);
const bundle = await measureBundle(Number(values['import-runs']));

// A scenario that has not drained in 6 minutes is stuck; it is reported as incomplete, not waited for.
const stage = await startStage(vaultSettings, 6 * 60_000);
const scenarios: ScenarioFigures[] = [];
try {
  const modes = values.modes.split(',') as ScenarioMode[];
  const plan = sizes.flatMap((size) =>
    modes
      .filter((mode) => mode !== 'naive' || size <= naiveMax)
      .map((mode): [ScenarioMode, number] => [mode, size]),
  );
  // The what-if runs once, at the largest size, after everything else.
  const whatIfBatch = Number(values['what-if-batch']);
  if (whatIfBatch > 0) plan.push(['relay-large-batch', Math.max(...sizes)]);
  // The relay's fast runs last seconds, so the shared box's load swings them; they run `repeats`
  // times and the median run is reported. The slow ones are bound by Vault latency and run once.
  const repeatsFor = (mode: ScenarioMode) =>
    mode === 'relay' || mode === 'relay-large-batch' ? Math.max(1, Number(values.repeats)) : 1;
  for (const [mode, messages] of plan) {
    const eventSource =
      mode === 'naive'
        ? naiveEventSource
        : mode === 'relay-large-batch'
          ? { ...relayEventSource, batchSize: whatIfBatch }
          : relayEventSource;
    const runs: ScenarioFigures[] = [];
    for (let repeat = 0; repeat < repeatsFor(mode); repeat += 1) {
      log(`${SCENARIO_LABELS[mode]}, N=${messages}: enqueueing...`);
      const prepared = await stage.prepare(mode, messages, eventSource);
      try {
        const run = await runScenario(prepared.plan, prepared.vault);
        const figures = figuresOf(run, eventSource, realBurst, pacerModel);
        log(
          `  ${(figures.scaled.durationMs / 1000).toFixed(1)} s, ${figures.scaled.relationshipsPerSecond.toFixed(1)} rel/s`,
        );
        runs.push(figures);
      } finally {
        await prepared.finish();
      }
    }
    scenarios.push(medianRun(runs));
  }
} finally {
  await stage.stop();
}

const pacerCheckMessages = Number(values['pacer-check']);
let pacerCheck: PacerCheck | undefined;
if (pacerCheckMessages > 0) {
  log(`pacer check: (b) with the window scaled only x10, N=${pacerCheckMessages}...`);
  pacerCheck = await runPacerCheck(
    vaultSettings,
    10,
    REAL_WINDOW_MS,
    REAL_DELAY_MS,
    pacerModel.reserveFraction,
    relayEventSource,
    pacerCheckMessages,
  );
}

const measuredNaive = scenarios.filter((f) => f.mode === 'naive').sort((x, y) => y.messages - x.messages)[0];
for (const size of sizes.filter((n) => n > naiveMax)) {
  if (measuredNaive) scenarios.push(extrapolateNaive(measuredNaive, size, realBurst));
}
const order: ScenarioMode[] = ['naive', 'relay-no-bulk', 'relay', 'relay-large-batch'];
scenarios.sort((x, y) => x.messages - y.messages || order.indexOf(x.mode) - order.indexOf(y.mode));

const ratios = ratiosOf(scenarios);
const results: BenchResults = {
  generatedAt: new Date().toISOString(),
  source,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: process.platform,
  },
  vault: {
    latencyMs: vaultSettings.latencyMs,
    burstLimit: vaultSettings.burstLimit,
    realWindowMs: REAL_WINDOW_MS,
    scaledWindowMs: vaultSettings.burstWindowMs,
    timeScale: scale,
    realDelayMs: REAL_DELAY_MS,
    scaledDelayMs: vaultSettings.burstDelayMs,
    reserveFraction: pacerModel.reserveFraction,
    pacerBurstCalls: pacerModel.burstCalls,
  },
  scenarios,
  ratios,
  bundle: {
    ...bundle,
    target: 'esbuild ESM, minified, node24, AWS SDK bundled (as infra/relay-function.ts)',
  },
  ...(pacerCheck ? { pacerCheck } : {}),
  targets: targetsOf(scenarios, ratios, bundle, pacerCheck),
  durationOfBenchSeconds: (performance.now() - benchStarted) / 1000,
  loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
};
await writeFile(values.out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${resultsTable(results)}\n`);
log(`wrote ${values.out} in ${results.durationOfBenchSeconds.toFixed(0)} s`);
