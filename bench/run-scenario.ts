import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FakeVault } from '../local/fake-vault/types';
import {
  SCENARIO_PLAN_ENV,
  SCENARIO_RESULT_PREFIX,
  type ScenarioPlan,
  type ScenarioResult,
} from './scenario-plan';

export interface VaultEvidence {
  /** Every request the fake Vault answered, by route. */
  calls: Record<string, number>;
  totalCalls: number;
  relationshipsCreated: number;
  /** Lowest BurstLimitRemaining, sampled from the fake every few milliseconds during the run. */
  lowestRemaining: number;
  delayedResponses: number;
}

export interface ScenarioRun {
  result: ScenarioResult;
  vault: VaultEvidence;
}

const SCENARIO_ENTRY = fileURLToPath(new URL('./scenario.ts', import.meta.url));
const SAMPLE_EVERY_MS = 2;

/** Runs one scenario in a fresh Node process and gathers what the fake Vault saw meanwhile. */
export const runScenario = async (plan: ScenarioPlan, vault: FakeVault): Promise<ScenarioRun> => {
  let lowestRemaining = vault.burstState().remaining;
  const sampler = setInterval(() => {
    lowestRemaining = Math.min(lowestRemaining, vault.burstState().remaining);
  }, SAMPLE_EVERY_MS);

  const child = spawn(process.execPath, ['--import', 'tsx', SCENARIO_ENTRY], {
    env: { ...process.env, [SCENARIO_PLAN_ENV]: JSON.stringify(plan) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let result: ScenarioResult | undefined;
  const errors: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith(SCENARIO_RESULT_PREFIX)) {
      result = JSON.parse(line.slice(SCENARIO_RESULT_PREFIX.length)) as ScenarioResult;
    }
  });
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (errors.length < 20) errors.push(line);
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);

  if (!result) {
    throw new Error(
      `bench scenario ${plan.mode} (${plan.messages}) exited ${exitCode}:\n${errors.join('\n')}`,
    );
  }
  const calls = vault.calls() as Record<string, number>;
  return {
    result,
    vault: {
      calls,
      totalCalls: Object.values(calls).reduce((sum, count) => sum + count, 0),
      relationshipsCreated: vault.relationships().length,
      lowestRemaining: Math.min(lowestRemaining, vault.burstState().remaining),
      delayedResponses: vault.burstState().delayedResponses,
    },
  };
};
