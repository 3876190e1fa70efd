import type { Ratio, ScenarioFigures, TargetCheck } from './bench-results';
import type { BundleMetrics } from './bundle-metrics';
import type { PacerCheck } from './pacer-check';
import { projectPaced, projectSequentialUnpaced, type RealBurst } from './real-time-projection';
import type { ScenarioRun } from './run-scenario';
import type { EventSourceSettings } from './scenario-plan';

export interface PacerModel {
  reserveFraction: number;
  burstCalls: number;
}

const perSecond = (messages: number, ms: number) => (ms > 0 ? (messages * 1000) / ms : 0);

/** Turns one measured run into the reported figures, with its real-window projection. */
export const figuresOf = (
  run: ScenarioRun,
  eventSource: EventSourceSettings,
  realBurst: RealBurst,
  pacer: PacerModel,
): ScenarioFigures => {
  const { result, vault } = run;
  const messages = result.messages;
  const projection =
    result.mode === 'naive'
      ? projectSequentialUnpaced(vault.totalCalls, result.durationMs, realBurst)
      : projectPaced(vault.totalCalls, result.durationMs, { ...realBurst, ...pacer });
  return {
    mode: result.mode,
    messages,
    basis: 'measured',
    completed: result.completed,
    relationshipsCreated: vault.relationshipsCreated,
    eventSource,
    scaled: { durationMs: result.durationMs, relationshipsPerSecond: perSecond(messages, result.durationMs) },
    realTimeProjected: { ...projection, relationshipsPerSecond: perSecond(messages, projection.durationMs) },
    vaultCalls: vault.totalCalls,
    vaultCallsByRoute: vault.calls,
    vaultCallsPerRelationship: vault.totalCalls / messages,
    lowestBurstRemaining: vault.lowestRemaining,
    delayedResponses: vault.delayedResponses,
    handlerCpuMsPerMessage: result.handlerCpuMs / messages,
    processCpuMsPerMessage: result.processCpuMs / messages,
    peakRssMB: result.peakRssBytes / 1024 / 1024,
    invocations: result.invocations,
    redeliveries: result.redeliveries,
    meanInvocationMs: result.handlerWallMs / Math.max(1, result.invocations),
  };
};

/**
 * The naive relay at a size too slow to run: every message costs what it cost in the measured
 * run (sequential calls, no burst delays inside the scaled window), the login is paid once, and
 * the real-window projection is recomputed for the larger call count.
 */
export const extrapolateNaive = (
  measured: ScenarioFigures,
  messages: number,
  realBurst: RealBurst,
): ScenarioFigures => {
  const factor = messages / measured.messages;
  const logins = measured.vaultCallsByRoute.auth ?? 0;
  const vaultCalls = Math.round(logins + (measured.vaultCalls - logins) * factor);
  const durationMs = measured.scaled.durationMs * factor;
  const projection = projectSequentialUnpaced(vaultCalls, durationMs, realBurst);
  return {
    ...measured,
    messages,
    basis: { extrapolatedFrom: measured.messages },
    relationshipsCreated: Math.round(measured.relationshipsCreated * factor),
    scaled: { durationMs, relationshipsPerSecond: perSecond(messages, durationMs) },
    realTimeProjected: { ...projection, relationshipsPerSecond: perSecond(messages, projection.durationMs) },
    vaultCalls,
    vaultCallsByRoute: Object.fromEntries(
      Object.entries(measured.vaultCallsByRoute).map(([route, count]) => [
        route,
        route === 'auth' ? count : Math.round(count * factor),
      ]),
    ),
    vaultCallsPerRelationship: vaultCalls / messages,
    delayedResponses: measured.delayedResponses * factor,
    invocations: Math.round(measured.invocations * factor),
    redeliveries: Math.round(measured.redeliveries * factor),
  };
};

/** The run with the median throughput, carrying every run's throughput along. */
export const medianRun = (runs: ScenarioFigures[]): ScenarioFigures => {
  const sorted = [...runs].sort((x, y) => x.scaled.relationshipsPerSecond - y.scaled.relationshipsPerSecond);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as ScenarioFigures;
  if (runs.length === 1) return median;
  return { ...median, repeatsRelationshipsPerSecond: runs.map((run) => run.scaled.relationshipsPerSecond) };
};

export const ratiosOf = (scenarios: ScenarioFigures[]): Ratio[] => {
  const sizes = [...new Set(scenarios.map((figures) => figures.messages))];
  return sizes.flatMap((messages) => {
    const find = (mode: ScenarioFigures['mode']) =>
      scenarios.find((f) => f.mode === mode && f.messages === messages);
    const a = find('naive');
    const b = find('relay-no-bulk');
    const c = find('relay');
    if (!a || !b || !c) return [];
    const ratio = (x: ScenarioFigures, y: ScenarioFigures) => ({
      scaled: x.scaled.relationshipsPerSecond / y.scaled.relationshipsPerSecond,
      realTimeProjected:
        x.realTimeProjected.relationshipsPerSecond / y.realTimeProjected.relationshipsPerSecond,
    });
    return [{ messages, cOverA: ratio(c, a), cOverB: ratio(c, b) }];
  });
};

const check = (target: string, measured: string, met: boolean, miss: string): TargetCheck =>
  met ? { target, measured, met } : { target, measured, met, miss };

/** The targets, evaluated on the largest size (10,000) of the shipped relay. */
export const targetsOf = (
  scenarios: ScenarioFigures[],
  ratios: Ratio[],
  bundle: BundleMetrics,
  pacerCheck?: PacerCheck,
): TargetCheck[] => {
  const largest = Math.max(...scenarios.map((f) => f.messages));
  const c = scenarios.find((f) => f.mode === 'relay' && f.messages === largest);
  const ratio = ratios.find((r) => r.messages === largest);
  if (!c || !ratio) return [];
  const pct = (value: number, limit: number) => `${((value / limit - 1) * 100).toFixed(0)}% over`;
  const short = (value: number, goal: number) => `${((1 - value / goal) * 100).toFixed(0)}% short`;
  const delayed =
    scenarios.filter((f) => f.mode !== 'naive').reduce((sum, f) => sum + f.delayedResponses, 0) +
    (pacerCheck?.delayedResponses ?? 0);
  const mb = bundle.bytes / 1_000_000;
  return [
    check(
      `(c)/(a) >= 100 at N=${largest} (scaled window, measured)`,
      `${ratio.cOverA.scaled.toFixed(1)}×`,
      ratio.cOverA.scaled >= 100,
      short(ratio.cOverA.scaled, 100),
    ),
    check(
      `(c)/(a) >= 100 at N=${largest} (real window, projected)`,
      `${ratio.cOverA.realTimeProjected.toFixed(1)}×`,
      ratio.cOverA.realTimeProjected >= 100,
      short(ratio.cOverA.realTimeProjected, 100),
    ),
    check(
      `<= 0.01 Vault calls per relationship, (c) at N=${largest}`,
      c.vaultCallsPerRelationship.toFixed(4),
      c.vaultCallsPerRelationship <= 0.01,
      pct(c.vaultCallsPerRelationship, 0.01),
    ),
    check(
      `zero delayed responses, relay runs (b), (c)${pacerCheck ? ' and the pacer check' : ''}`,
      String(delayed),
      delayed === 0,
      `${delayed} delayed`,
    ),
    check(
      `<= 0.2 ms handler CPU per message, (c) at N=${largest}`,
      `${c.handlerCpuMsPerMessage.toFixed(3)} ms`,
      c.handlerCpuMsPerMessage <= 0.2,
      pct(c.handlerCpuMsPerMessage, 0.2),
    ),
    check('bundle <= 1 MB (1,000,000 bytes)', `${mb.toFixed(3)} MB`, mb <= 1, pct(mb, 1)),
    check(
      'cold import <= 150 ms (median)',
      `${bundle.coldImportMs.median.toFixed(1)} ms`,
      bundle.coldImportMs.median <= 150,
      pct(bundle.coldImportMs.median, 150),
    ),
  ];
};
