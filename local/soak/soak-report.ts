import type { OutcomeCounts, Violation } from './invariants';
import type { SecretFinding } from './secret-scan';

/** Everything a soak run measured and found; printed for people, or as one JSON line. */
export interface SoakReport {
  settings: { messages: number; seed: number; pollers: number; faultRate: number; faultKinds: string[] };
  wallTimeMs: number;
  faultsByKind: Record<string, number>;
  vaultCalls: Record<string, number>;
  deadLetterSendsRefused: { entries: number; calls: number };
  invocationsAbandoned: number;
  rotations: number;
  loginFailures: number;
  loginFailureBound: number;
  logLines: number;
  secretFindings: SecretFinding[];
  outcomes: OutcomeCounts;
  violations: Violation[];
}

const table = (counts: Record<string, number>): string[] =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `    ${name.padEnd(28)} ${String(count).padStart(7)}`);

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export const formatReport = (report: SoakReport): string => {
  const { settings, outcomes } = report;
  const lines = [
    `soak: ${settings.messages} messages, seed ${settings.seed}, ${settings.pollers} pollers, fault rate ${settings.faultRate} (${settings.faultKinds.join(', ')})`,
    `  wall time                    ${seconds(report.wallTimeMs)}`,
    '  faults injected by the fake Vault:',
    ...table(report.faultsByKind),
    '  Vault calls by route:',
    ...table(report.vaultCalls),
    `  DLQ sends refused            ${report.deadLetterSendsRefused.entries} entries, ${report.deadLetterSendsRefused.calls} whole calls`,
    `  invocations abandoned        ${report.invocationsAbandoned}`,
    `  password rotations           ${report.rotations}`,
    `  failed logins                ${report.loginFailures} (bound ${report.loginFailureBound})`,
    `  log lines scanned            ${report.logLines}, secrets found in ${report.secretFindings.length}`,
    '  messages by kind:',
    ...table(outcomes.byKind),
    `  created in Vault             ${outcomes.created}`,
    `  parked on the DLQ            ${outcomes.deadLettered}`,
    '  DLQ messages by code:',
    ...table(outcomes.deadLettersByCode),
    `  parked more than once        ${outcomes.deadLetteredTwice.length}${
      outcomes.deadLetteredTwice.length > 0 ? ` (${outcomes.deadLetteredTwice.join(', ')})` : ''
    }`,
  ];
  if (report.violations.length === 0) {
    lines.push('PASS: every invariant held');
  } else {
    lines.push(`FAIL: ${report.violations.length} invariant(s) violated`);
    for (const violation of report.violations) {
      lines.push(`  ${violation.rule} (${violation.ids.length}): ${violation.detail}`);
      lines.push(`    ${violation.ids.join(', ')}`);
      for (const line of violation.evidence?.slice(0, 20) ?? []) lines.push(`      ${line}`);
      if ((violation.evidence?.length ?? 0) > 20) lines.push(`      ... (all of them in --json)`);
    }
  }
  return `${lines.join('\n')}\n`;
};
