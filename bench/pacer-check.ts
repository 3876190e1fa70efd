import { startStage, type VaultSettings } from './bench-stage';
import { runScenario } from './run-scenario';
import type { EventSourceSettings } from './scenario-plan';

/** The relay with bulk off against a budget it cannot stay under without pacing. */
export interface PacerCheck {
  messages: number;
  timeScale: number;
  scaledWindowMs: number;
  /** (limit - reserve) per window: the fastest the pacer may spend, in calls per second. */
  budgetCallsPerSecondAboveReserve: number;
  reserveCalls: number;
  callsPerSecond: number;
  relationshipsCreated: number;
  lowestBurstRemaining: number;
  delayedResponses: number;
  durationMs: number;
  completed: boolean;
}

/**
 * With the window scaled ×100 no relay run comes near the budget, so "zero delayed responses"
 * would say nothing about the pacer. This run scales the window only ×10 (30 s), where scenario
 * (b)'s unpaced demand (about 75 calls/s) is above what the budget allows above the reserve
 * (1,600 per 30 s, 53 calls/s): the pacer has to hold calls back, and Vault must still delay none.
 */
export const runPacerCheck = async (
  base: VaultSettings,
  timeScale: number,
  realWindowMs: number,
  realDelayMs: number,
  reserveFraction: number,
  eventSource: EventSourceSettings,
  messages: number,
): Promise<PacerCheck> => {
  const settings = {
    ...base,
    burstWindowMs: realWindowMs / timeScale,
    burstDelayMs: realDelayMs / timeScale,
  };
  const stage = await startStage(settings, 6 * 60_000);
  try {
    const prepared = await stage.prepare('relay-no-bulk', messages, eventSource);
    try {
      const { result, vault } = await runScenario(prepared.plan, prepared.vault);
      const reserveCalls = Math.ceil(base.burstLimit * reserveFraction);
      return {
        messages,
        timeScale,
        scaledWindowMs: settings.burstWindowMs,
        budgetCallsPerSecondAboveReserve: ((base.burstLimit - reserveCalls) * 1000) / settings.burstWindowMs,
        reserveCalls,
        callsPerSecond: (vault.totalCalls * 1000) / result.durationMs,
        relationshipsCreated: vault.relationshipsCreated,
        lowestBurstRemaining: vault.lowestRemaining,
        delayedResponses: vault.delayedResponses,
        durationMs: result.durationMs,
        completed: result.completed,
      };
    } finally {
      await prepared.finish();
    }
  } finally {
    await stage.stop();
  }
};
