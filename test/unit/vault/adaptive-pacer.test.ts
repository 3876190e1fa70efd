import { describe, expect, it } from 'vitest';
import { RetryableError } from '../../../functions/relationships/errors';
import {
  BURST_PACING_CODE,
  BURST_RESERVE_CODE,
  createAdaptivePacer,
} from '../../../functions/vault/adaptive-pacer';
import { createManualClock } from '../../support/manual-clock';

const WINDOW_MS = 300_000;

const burstHeaders = (remaining: number, extra: Record<string, string> = {}) =>
  new Headers({
    'X-VaultAPI-BurstLimit': '2000',
    'X-VaultAPI-BurstLimitRemaining': String(remaining),
    ...extra,
  });

const setUp = (options: { burstCalls?: number; maxConcurrent?: number; containers?: number } = {}) => {
  const clock = createManualClock(1_000_000);
  const pacer = createAdaptivePacer({
    reserveFraction: 0.2,
    windowMs: WINDOW_MS,
    burstCalls: 1,
    maxWaitMs: 60_000,
    clock,
    sleep: clock.sleep,
    ...options,
  });
  return { clock, pacer };
};

/** A pacer whose first call has been answered with `headers`: it now knows the budget. */
const afterFirstAnswer = async (headers: Headers, options: Parameters<typeof setUp>[0] = {}) => {
  const prepared = setUp(options);
  await prepared.pacer.acquire();
  prepared.pacer.observe(headers);
  return prepared;
};

/** Makes `count` calls in turn, each answered with one call fewer left, starting at `remaining`. */
const callsAnsweredFrom = async (
  pacer: ReturnType<typeof setUp>['pacer'],
  count: number,
  remaining: number,
) => {
  for (let call = 0; call < count; call += 1) {
    await pacer.acquire();
    pacer.observe(burstHeaders(remaining - call));
  }
};

const rejection = async (promise: Promise<unknown>): Promise<RetryableError> => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RetryableError);
  return error as RetryableError;
};

describe('createAdaptivePacer', () => {
  it('lets the first call through before anything is known about the budget', async () => {
    const { clock, pacer } = setUp();

    await pacer.acquire();

    expect(clock.sleeps).toEqual([]);
  });

  it('spreads what is left above the reserve evenly over what is left of the window', async () => {
    const { clock, pacer } = await afterFirstAnswer(burstHeaders(1400));

    await callsAnsweredFrom(pacer, 4, 1399);

    // ~1,000 calls may be spent above the 400 kept back, over 300 s: one every ~300 ms after the first.
    expect(clock.sleeps).toHaveLength(3);
    for (const wait of clock.sleeps) expect(wait).toBeGreaterThan(295);
    for (const wait of clock.sleeps) expect(wait).toBeLessThan(305);
  });

  it('spends only its share of the rate when several containers pace against one vault', async () => {
    const { clock, pacer } = await afterFirstAnswer(burstHeaders(1400), { containers: 4 });

    await callsAnsweredFrom(pacer, 4, 1399);

    // ~1,000 spendable calls over 300 s shared by 4 containers: one call every ~1.2 s each.
    expect(clock.sleeps).toHaveLength(3);
    for (const wait of clock.sleeps) expect(wait).toBeGreaterThan(1_180);
    for (const wait of clock.sleeps) expect(wait).toBeLessThan(1_220);
  });

  it('shares the back-to-back burst between containers too', async () => {
    const clock = createManualClock();
    const pacer = createAdaptivePacer({ containers: 4, clock, sleep: clock.sleep });
    await pacer.acquire();
    pacer.observe(burstHeaders(1999));

    for (let call = 0; call < 25; call += 1) await pacer.acquire();
    const sleptDuringBurst = clock.sleeps.length;
    for (let call = 0; call < 10; call += 1) await pacer.acquire();

    expect(sleptDuringBurst).toBe(0);
    expect(clock.sleeps.length).toBeGreaterThan(5);
  });

  it('refuses a container count below one', () => {
    expect(() => createAdaptivePacer({ containers: 0 })).toThrow(RangeError);
  });

  it('allows a small burst before the steady rate applies', async () => {
    const { clock, pacer } = await afterFirstAnswer(burstHeaders(1400), { burstCalls: 3 });

    await Promise.all([pacer.acquire(), pacer.acquire(), pacer.acquire(), pacer.acquire()]);

    expect(clock.sleeps).toHaveLength(1);
  });

  it('by default lets a twentieth of the burst limit go out back to back', async () => {
    const clock = createManualClock();
    const pacer = createAdaptivePacer({ clock, sleep: clock.sleep });
    await pacer.acquire();
    pacer.observe(burstHeaders(1999));

    for (let call = 0; call < 100; call += 1) await pacer.acquire();
    const sleptDuringBurst = clock.sleeps.length;
    for (let call = 0; call < 20; call += 1) await pacer.acquire();

    expect(sleptDuringBurst).toBe(0);
    expect(clock.sleeps.length).toBeGreaterThan(10);
  });

  it('stops at the reserve and says to come back when the window turns over', async () => {
    const { clock, pacer } = await afterFirstAnswer(burstHeaders(1000));
    clock.advance(100_000);
    await pacer.acquire();
    pacer.observe(burstHeaders(400));

    const error = await rejection(pacer.acquire());

    expect(error.code).toBe(BURST_RESERVE_CODE);
    expect(error.retryAfterSeconds).toBe(200);
    expect(pacer.snapshot().stoppedUntil).toBe(1_000_000 + WINDOW_MS);
  });

  it('stops as soon as Vault delays a response, even with budget apparently left', async () => {
    const { pacer } = await afterFirstAnswer(burstHeaders(1500, { 'X-VaultAPI-ResponseDelay': '500' }));

    const error = await rejection(pacer.acquire());

    expect(error.code).toBe(BURST_RESERVE_CODE);
    expect(error.retryAfterSeconds).toBe(300);
    expect(error.message).toContain('delayed');
  });

  it('stops for the time Vault asks after API_LIMIT_EXCEEDED, then carries on', async () => {
    const { clock, pacer } = await afterFirstAnswer(burstHeaders(1500));
    pacer.penalise(30);

    const error = await rejection(pacer.acquire());
    clock.advance(30_000);
    await pacer.acquire();

    expect(error.retryAfterSeconds).toBe(30);
  });

  it('sits out a pause the caller can afford, then lets the call start (soak finding F1)', async () => {
    // Prepare
    const { clock, pacer } = await afterFirstAnswer(burstHeaders(1500));
    pacer.penalise(60);

    // Act
    await pacer.acquire({ maxWaitMs: 75_000 });

    // Assess
    expect(clock.sleeps).toEqual([60_000]);
    expect(pacer.snapshot().inFlight).toBe(1);
  });

  it('holds a caller that cannot afford the pause for what it can, then refuses with the rest of the pause', async () => {
    // Prepare
    const { clock, pacer } = await afterFirstAnswer(burstHeaders(1500));
    pacer.penalise(60);

    // Act
    const error = await rejection(pacer.acquire({ maxWaitMs: 45_000 }));

    // Assess: the refusal's delay reaches to the end of the pause, so a redelivery cannot land in it
    expect(clock.sleeps).toEqual([45_000]);
    expect(error.code).toBe(BURST_RESERVE_CODE);
    expect(error.retryAfterSeconds).toBe(15);
    expect(pacer.snapshot().inFlight).toBe(0);
  });

  it('sits out the reserve until the window turns over when the caller can afford it', async () => {
    // Prepare
    const { clock, pacer } = await afterFirstAnswer(burstHeaders(1000));
    clock.advance(290_000);
    await pacer.acquire();
    pacer.observe(burstHeaders(400));

    // Act: the estimated window ends 10 s from now
    await pacer.acquire({ maxWaitMs: 15_000 });

    // Assess
    expect(clock.sleeps).toEqual([10_000]);
    expect(pacer.snapshot().remaining).toBe(1999);
  });

  it('resumes when Remaining jumps back up: a new window has begun', async () => {
    const { clock, pacer } = await afterFirstAnswer(burstHeaders(500));
    clock.advance(60_000);
    await pacer.acquire();
    pacer.observe(burstHeaders(400));
    const paused = await rejection(pacer.acquire());

    clock.advance(240_000);
    await pacer.acquire();
    pacer.observe(burstHeaders(1999));
    clock.advance(1_000);
    await pacer.acquire();
    pacer.observe(burstHeaders(1998));

    expect(paused.retryAfterSeconds).toBe(240);
    expect(pacer.snapshot()).toMatchObject({ remaining: 1998, startedAt: 1_000_000 + WINDOW_MS });
  });

  it('starts a fresh schedule in a new window instead of waiting out the old one', async () => {
    const { clock, pacer } = await afterFirstAnswer(burstHeaders(402));
    await pacer.acquire();
    const farTurn = await rejection(pacer.acquire());
    clock.advance(10_000);
    pacer.observe(burstHeaders(1999));

    await pacer.acquire();

    expect(farTurn.code).toBe(BURST_PACING_CODE);
    expect(clock.sleeps).toEqual([]);
  });

  it('moves the window on when a reset happens earlier than estimated', async () => {
    const { clock, pacer } = await afterFirstAnswer(burstHeaders(600));
    clock.advance(10_000);

    await pacer.acquire();
    pacer.observe(burstHeaders(1990));

    expect(pacer.snapshot()).toMatchObject({ remaining: 1990, startedAt: 1_010_000, lowestSeen: 600 });
  });

  it('does not take answers arriving out of order for a new window', async () => {
    const { pacer } = await afterFirstAnswer(burstHeaders(1500), { burstCalls: 10 });
    await Promise.all([pacer.acquire(), pacer.acquire(), pacer.acquire()]);

    pacer.observe(burstHeaders(1497));
    pacer.observe(burstHeaders(1499));
    pacer.observe(burstHeaders(1498));

    expect(pacer.snapshot()).toMatchObject({ remaining: 1497, startedAt: 1_000_000 });
  });

  it('reads lowercase header names, from Headers and from a plain record', async () => {
    const { pacer } = setUp();
    await pacer.acquire();
    pacer.observe({ 'x-vaultapi-burstlimit': '2000', 'x-vaultapi-burstlimitremaining': '1200' });
    await pacer.acquire();
    pacer.observe(
      new Headers({ 'x-vaultapi-burstlimitremaining': '1100', 'x-vaultapi-responsedelay': '500' }),
    );

    const error = await rejection(pacer.acquire());

    expect(pacer.snapshot()).toMatchObject({ limit: 2000, remaining: 1100 });
    expect(error.code).toBe(BURST_RESERVE_CODE);
  });

  it('refuses a turn the caller cannot wait for instead of sleeping past what it can afford', async () => {
    const { clock, pacer } = await afterFirstAnswer(burstHeaders(401 + 10));
    await pacer.acquire();

    const error = await rejection(pacer.acquire({ maxWaitMs: 1_000 }));

    expect(error.code).toBe(BURST_PACING_CODE);
    expect(error.retryAfterSeconds).toBeGreaterThan(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('keeps calls in flight within maxConcurrent until answers come back', async () => {
    const { pacer } = setUp({ burstCalls: 10, maxConcurrent: 2 });
    await pacer.acquire();
    await pacer.acquire();
    let thirdStarted = false;

    const third = pacer.acquire().then(() => {
      thirdStarted = true;
    });
    await Promise.resolve();
    const startedEarly = thirdStarted;
    pacer.release();
    await third;

    expect(startedEarly).toBe(false);
    expect(thirdStarted).toBe(true);
    expect(pacer.snapshot().inFlight).toBe(2);
  });
});
