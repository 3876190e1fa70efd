import { describe, expect, it } from 'vitest';
import { plural } from '../../../cli/plural';
import type { PollerCounters } from '../../../local/event-source-poller';
import { progressText } from '../../../local/run/progress-text';
import { type PhaseReport, printPhase } from '../../../local/run/report';
import { memoryIo } from '../../support/memory-io';

const counters = (overrides: Partial<PollerCounters>): PollerCounters => ({
  receives: 1,
  messagesReceived: 1,
  redeliveries: 0,
  invocations: 1,
  recordsDeleted: 1,
  recordsReturned: 0,
  handlerErrors: 0,
  timeouts: 0,
  invalidResponses: 0,
  deleteFailures: 0,
  ...overrides,
});

const outcomes = { created: 1, existed: 0, rejected: 0, exhausted: 0, retriedDeliveries: 0, pending: 0 };

describe('singular and plural in the run’s output', () => {
  it.each([
    [0, '0 invocations'],
    [1, '1 invocation'],
    [2, '2 invocations'],
  ])('counts %i as "%s"', (count, expected) => {
    const text = plural(count, 'invocation');

    expect(text).toBe(expected);
  });

  it('says "1 invocation" on the progress line', () => {
    const state = {
      title: 'replay',
      enqueued: 1,
      counts: outcomes,
      depth: { visible: 0, inFlight: 0, delayed: 0 },
      counters: counters({}),
    };

    const text = progressText(state);

    expect(text).toMatch(/\| 1 invocation$/);
  });

  it('says "1 invocation of 1 record", "1 handler error", "1 timeout" under the outcome table', () => {
    const io = memoryIo();
    const report: PhaseReport = {
      title: 'replay',
      enqueued: 1,
      outcomes,
      redriven: 0,
      dlqTotal: 0,
      poller: counters({ handlerErrors: 1, timeouts: 1 }),
      elapsedMs: 100,
      drained: true,
    };

    printPhase(io, report);

    expect(io.stdout.text()).toContain(
      '1 invocation of 1 record (0 redelivered), 1 deleted, 1 handler error, 1 timeout; 0.1 s',
    );
  });
});
