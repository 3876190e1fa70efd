/** Catch-and-return helpers, so a test's assess step can look at the error it expects. */

/** What `promise` rejects with; fails the test if it fulfils instead. */
export const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

/** What `act` throws; fails the test if it returns instead. */
export const thrownBy = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

/** What `act` throws when it is a `type`; any other error propagates, and returning fails the test. */
export const thrownOfType = <E>(act: () => unknown, type: abstract new (...args: never[]) => E): E => {
  try {
    act();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}`);
};
