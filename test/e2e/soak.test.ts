import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../local/fake-vault';
import { runSoak } from '../../local/soak/run-soak';
import { createSoakHandler } from '../../local/soak/soak-handler';
import { DEFAULT_SOAK_SETTINGS, type SoakSettings } from '../../local/soak/soak-settings';

// Small enough for `npm test` on a shared 2-core box, with every kind of trouble still in play.
const small = (overrides: Partial<SoakSettings>): SoakSettings => ({
  ...DEFAULT_SOAK_SETTINGS,
  messages: 300,
  pollers: 3,
  timeoutMs: 100_000,
  ...overrides,
});

describe('npm run soak (small variant)', () => {
  it('ends every message created once or explained on the DLQ, through faults, refusals, crashes and a rotation', async () => {
    // prepare: every fault kind, API_LIMIT_EXCEEDED included since a paused pacer sits out or
    // holds instead of bouncing batches (docs/soak.md, F1)
    const settings = small({ seed: 11, crashRate: 0.05, faultKinds: [...FAULT_KINDS] });

    // act
    const report = await runSoak({ settings, createHandler: createSoakHandler });

    // assess
    expect(report.violations).toEqual([]);
    expect(report.outcomes.created + report.outcomes.deadLettered).toBe(300);
    expect(report.outcomes.created).toBeGreaterThan(200);
    expect(Object.values(report.faultsByKind).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
    expect(report.rotations).toBe(1);
    expect(report.logLines).toBeGreaterThan(300);
  }, 120_000);

  it('names the messages a handler loses', async () => {
    // prepare: a handler that claims success for every record and does nothing with them
    const settings = small({ messages: 40, pollers: 1, faultRate: 0, crashRate: 0, rotations: 0 });
    const losing = () => async (_event: SQSEvent) => ({ batchItemFailures: [] });

    // act
    const report = await runSoak({ settings, createHandler: losing });

    // assess
    const unaccounted = report.violations.find((violation) => violation.rule === 'unaccounted');
    expect(unaccounted?.ids).toHaveLength(40);
    expect(unaccounted?.ids).toContain('m000001');
  }, 60_000);
});
