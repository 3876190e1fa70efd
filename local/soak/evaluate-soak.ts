import { VAULT_GATEWAY_DEFAULTS } from '../../functions/vault/vault-gateway';
import type { FakeVault } from '../fake-vault';
import type { DeadLetterRefusals } from './faulty-sqs-client';
import {
  checkLogInvariant,
  checkLoginInvariant,
  checkMessageInvariants,
  countOutcomes,
  type DeadLetterRecord,
  type SoakEvidence,
} from './invariants';
import { loginFailureBound } from './login-bound';
import type { SoakMessage } from './message-generator';
import { findSecrets } from './secret-scan';
import type { SoakReport } from './soak-report';
import type { SoakSettings } from './soak-settings';

/** The login breaker's first open period; the soak runs the client's production setting. */
export const BREAKER_OPEN_MS = VAULT_GATEWAY_DEFAULTS.loginBreakerOpenMs;

export interface SoakRunFacts {
  settings: SoakSettings;
  drained: boolean;
  wallTimeMs: number;
  messages: readonly SoakMessage[];
  preexistingKeys: ReadonlySet<string>;
  vault: FakeVault;
  deadLetters: readonly DeadLetterRecord[];
  passwords: readonly string[];
  rotations: number;
  logLines: readonly string[];
  invocationsAbandoned: number;
  abandoned: ReadonlySet<string>;
  deadLetterRefusals: readonly DeadLetterRefusals[];
}

const countBy = <T>(items: readonly T[], keyOf: (item: T) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[keyOf(item)] = (counts[keyOf(item)] ?? 0) + 1;
  return counts;
};

/**
 * Failed logins over the whole run, from the fake's own records: every /auth request that reached
 * it, less the ones that issued a session and the ones the fault plan answered instead of the
 * login code. (The fake's loginFailures() is the consecutive count that drives its lockout.)
 */
const failedLogins = (vault: FakeVault): number => {
  const authCalls = vault.calls().auth ?? 0;
  const faulted = vault.faultsInjected().filter((fault) => fault.route === 'auth').length;
  return authCalls - vault.issuedSessionIds().length - faulted;
};

/** Turns the facts gathered at the end of a run into the report, with every invariant checked. */
export const evaluateSoak = (facts: SoakRunFacts): SoakReport => {
  const { settings, vault } = facts;
  const evidence: SoakEvidence = {
    messages: facts.messages,
    relationships: vault.relationships(),
    preexistingKeys: facts.preexistingKeys,
    deadLetters: facts.deadLetters,
    maxAttempts: settings.maxAttempts,
    abandoned: facts.abandoned,
  };
  const secrets = [
    ...facts.passwords.map((value, index) => ({ label: `password #${index + 1}`, value })),
    ...vault.issuedSessionIds().map((value, index) => ({ label: `session id #${index + 1}`, value })),
  ];
  const secretFindings = findSecrets(facts.logLines, secrets);
  const loginFailures = failedLogins(vault);
  const bound = loginFailureBound({
    runtimeMs: facts.wallTimeMs,
    breakerOpenMs: BREAKER_OPEN_MS,
    rotations: facts.rotations,
    pollers: settings.pollers,
    containers: settings.pollers + facts.invocationsAbandoned,
    slack: 2,
  });
  const violations = [
    ...checkMessageInvariants(evidence),
    ...checkLogInvariant(secretFindings),
    ...checkLoginInvariant(loginFailures, bound),
  ];
  if (!facts.drained) {
    violations.unshift({
      rule: 'unaccounted',
      ids: [`source queue not drained within ${settings.timeoutMs} ms`],
      detail: 'the run timed out; messages still on the source queue are listed under unaccounted',
    });
  }
  return {
    settings: {
      messages: settings.messages,
      seed: settings.seed,
      pollers: settings.pollers,
      faultRate: settings.faultRate,
      faultKinds: settings.faultKinds,
    },
    wallTimeMs: facts.wallTimeMs,
    faultsByKind: countBy(vault.faultsInjected(), (fault) => fault.kind),
    vaultCalls: vault.calls() as Record<string, number>,
    deadLetterSendsRefused: facts.deadLetterRefusals.reduce(
      (sum, refusals) => ({ entries: sum.entries + refusals.entries, calls: sum.calls + refusals.calls }),
      { entries: 0, calls: 0 },
    ),
    invocationsAbandoned: facts.invocationsAbandoned,
    rotations: facts.rotations,
    loginFailures,
    loginFailureBound: bound,
    logLines: facts.logLines.length,
    secretFindings,
    outcomes: countOutcomes(evidence),
    violations,
  };
};
