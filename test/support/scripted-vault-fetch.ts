/** One request as the Vault client sent it, for assertions. */
export interface SentRequest {
  url: string;
  path: string;
  method: string;
  headers: Headers;
  body: string;
}

type Answer = Response | Promise<Response>;

/** A Vault JSON answer: HTTP 200 and Vault's envelope, optionally with headers. */
export const vaultJson = (body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json', ...headers },
  });

export const TEST_DNS = 'promomats-sandbox.veevavault.com';

/** A successful /auth answer for a session on `dns` (or another vault, to test auth defaulting). */
export const loginAnswer = (sessionId: string, dns = TEST_DNS): Response =>
  vaultJson({
    responseStatus: 'SUCCESS',
    sessionId,
    userId: 12021,
    vaultId: 1776,
    vaultIds: [
      { id: 1776, name: 'Vault', url: `https://${dns}/api` },
      { id: 1777, name: 'Other', url: 'https://other.veevavault.com/api' },
    ],
  });

export const failure = (type: string, message = `${type} happened`): Response =>
  vaultJson({ responseStatus: 'FAILURE', errors: [{ type, message }] });

/**
 * A fetch that answers from a function of the request (routing by path) and records every request.
 * The function sees requests after `/api/{version}`, e.g. `/auth`.
 */
export const scriptedFetch = (respond: (request: SentRequest, index: number) => Answer) => {
  const requests: SentRequest[] = [];
  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const request: SentRequest = {
      url,
      path: new URL(url).pathname.replace(/^\/api\/[^/]+/, ''),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : '',
    };
    requests.push(request);
    const signal = init?.signal;
    const answer = respond(request, requests.length - 1);
    if (!signal) return answer;
    // Honour the abort signal like real fetch does, so timeouts can be tested with a never-answering script.
    return Promise.race([
      answer,
      new Promise<never>((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
    ]);
  }) as typeof fetch;
  const count = (path: string | RegExp) =>
    requests.filter((request) => (typeof path === 'string' ? request.path === path : path.test(request.path)))
      .length;
  return { fetch: fakeFetch, requests, count };
};

/** A promise that never settles: a Vault that does not answer. */
export const never = (): Promise<Response> => new Promise<Response>(() => {});
