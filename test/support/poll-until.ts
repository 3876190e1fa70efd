/**
 * Re-checks `probe` until it returns a value other than undefined/false, for state that settles
 * asynchronously (queues, pollers). Fails with `what` after `timeoutMs`, so a hang is named.
 */
export const pollUntil = async <T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 20_000, intervalMs = 50 } = {},
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};
