import { CliUsageError } from './errors';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `--older-than` values such as 90s, 30m, 2h, 1d into milliseconds. */
export const parseDuration = (text: string): number => {
  const match = /^(\d{1,6})([smhd])$/.exec(text.trim());
  if (!match) {
    throw new CliUsageError(`invalid duration "${text}": use a number and a unit, e.g. 30m, 2h, 1d`);
  }
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
};
