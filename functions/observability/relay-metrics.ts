/** Metric names, one place, so dashboards and alarms in infra/ can import them. */
export const RELAY_METRICS = {
  created: 'Created',
  existed: 'AlreadyExisted',
  rejected: 'Rejected',
  retried: 'Retried',
  exhausted: 'Exhausted',
  deadLetterSendFailed: 'DeadLetterSendFailed',
  vaultCalls: 'VaultCalls',
  lowestBurstRemaining: 'LowestBurstRemaining',
  vaultDelayedResponses: 'VaultDelayedResponses',
} as const;
