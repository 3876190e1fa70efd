/**
 * Finds secrets (passwords, session ids) inside captured log lines. A soak issues hundreds of
 * session ids and captures megabytes of logs, so instead of one substring search per secret it
 * runs one rolling-hash pass per distinct secret length (Rabin-Karp) and confirms each hash hit.
 */
export interface LabelledSecret {
  /** Says what leaked without repeating it: "password (before rotation)", "session id #3". */
  label: string;
  value: string;
}

export interface SecretFinding {
  /** Index of the line in the captured list. */
  line: number;
  label: string;
}

const BASE = 257;

const hashOf = (text: string, start: number, length: number): number => {
  let hash = 0;
  for (let index = start; index < start + length; index += 1) {
    hash = (Math.imul(hash, BASE) + text.charCodeAt(index)) >>> 0;
  }
  return hash;
};

const powerOf = (length: number): number => {
  let power = 1;
  for (let index = 1; index < length; index += 1) power = Math.imul(power, BASE) >>> 0;
  return power;
};

const scanLine = (
  text: string,
  length: number,
  byHash: Map<number, LabelledSecret[]>,
  power: number,
  found: (secret: LabelledSecret) => void,
) => {
  if (text.length < length) return;
  let hash = hashOf(text, 0, length);
  for (let start = 0; ; start += 1) {
    const candidates = byHash.get(hash);
    if (candidates) {
      for (const secret of candidates) {
        if (text.startsWith(secret.value, start)) found(secret);
      }
    }
    if (start + length >= text.length) return;
    const outgoing = Math.imul(text.charCodeAt(start), power) >>> 0;
    hash = (Math.imul((hash - outgoing) >>> 0, BASE) + text.charCodeAt(start + length)) >>> 0;
  }
};

/** Every (line, secret) pair where the secret occurs in the line; each pair reported once. */
export const findSecrets = (
  lines: readonly string[],
  secrets: readonly LabelledSecret[],
): SecretFinding[] => {
  const byLength = new Map<number, Map<number, LabelledSecret[]>>();
  const powers = new Map<number, number>();
  for (const secret of secrets) {
    // An empty or one-character "secret" would match everywhere and prove nothing.
    if (secret.value.length < 4) continue;
    const group = byLength.get(secret.value.length) ?? new Map<number, LabelledSecret[]>();
    const hash = hashOf(secret.value, 0, secret.value.length);
    group.set(hash, [...(group.get(hash) ?? []), secret]);
    byLength.set(secret.value.length, group);
    powers.set(secret.value.length, powerOf(secret.value.length));
  }
  const findings: SecretFinding[] = [];
  lines.forEach((text, line) => {
    const seen = new Set<string>();
    for (const [length, byHash] of byLength) {
      scanLine(text, length, byHash, powers.get(length) as number, (secret) => {
        if (seen.has(secret.label)) return;
        seen.add(secret.label);
        findings.push({ line, label: secret.label });
      });
    }
  });
  return findings;
};
