/**
 * A clock that only moves when told to, and a sleep that moves it: code that waits runs instantly
 * in tests, and every wait it asked for is recorded.
 */
export const createManualClock = (start = 0) => {
  let time = start;
  const sleeps: number[] = [];
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
    sleeps,
  };
};

export type ManualClock = ReturnType<typeof createManualClock>;
