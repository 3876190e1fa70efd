/** Response headers as fetch gives them, or as a plain record (node:http, tests, other clients). */
export type HeaderSource =
  | Headers
  | Readonly<Record<string, string | readonly string[] | number | undefined>>;

/** What one Vault response says about the vault's burst budget. Absent headers stay undefined. */
export interface BurstReading {
  limit?: number;
  remaining?: number;
  /** Milliseconds Vault held this response back because the window's budget is spent. */
  responseDelayMs?: number;
}

const BURST_LIMIT_HEADER = 'X-VaultAPI-BurstLimit';
const BURST_REMAINING_HEADER = 'X-VaultAPI-BurstLimitRemaining';
const RESPONSE_DELAY_HEADER = 'X-VaultAPI-ResponseDelay';

// HTTP/2 Vaults send header names in lowercase; a record from node:http is lowercase too, while a
// hand-built record may keep Vault's own spelling. Headers.get is already case-insensitive.
const headerValue = (headers: HeaderSource, name: string): string | undefined => {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value[0] : String(value);
  }
  return undefined;
};

const count = (raw: string | undefined): number | undefined => {
  if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return undefined;
  return Number(raw);
};

// Vault documents the delay without a unit in the value; milliseconds is what it sends today
// ("500"). A unit suffix is honoured in case a proxy or a later version adds one.
const delayMs = (raw: string | undefined): number | undefined => {
  const match = raw?.trim().match(/^(\d+(?:\.\d+)?)\s*(ms|s)?$/i);
  if (!match) return undefined;
  const value = Number(match[1]);
  return match[2]?.toLowerCase() === 's' ? value * 1000 : value;
};

/** Reads the burst headers case-insensitively; malformed values count as absent. */
export const readBurstHeaders = (headers: HeaderSource): BurstReading => ({
  limit: count(headerValue(headers, BURST_LIMIT_HEADER)),
  remaining: count(headerValue(headers, BURST_REMAINING_HEADER)),
  responseDelayMs: delayMs(headerValue(headers, RESPONSE_DELAY_HEADER)),
});
