/**
 * Remembers Vault's `X-VaultAPI-ExecutionId` of every response, so an outcome can be looked up in
 * Vault's API usage log. It wraps the fetch the Vault client is given; nothing else is read.
 */
export interface ExecutionIdRecorder {
  fetch: typeof fetch;
  /** The most recent id since the previous take: read once per message outcome, so no list is copied. */
  latest(): string | undefined;
  /** Returns the ids seen and starts over (one invocation's worth). */
  take(): string[];
}

export const createExecutionIdRecorder = (inner: typeof fetch = globalThis.fetch): ExecutionIdRecorder => {
  let seen: string[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await inner(input, init);
    // Headers.get is case-insensitive, which matters for HTTP/2 Vaults sending lowercase names.
    const id = response.headers.get('x-vaultapi-executionid');
    if (id) seen.push(id);
    return response;
  };
  return {
    fetch: recordingFetch,
    latest: () => seen[seen.length - 1],
    take: () => {
      const taken = seen;
      seen = [];
      return taken;
    },
  };
};
