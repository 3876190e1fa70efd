import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

/**
 * THE NAIVE BASELINE — not the relay. The benchmark's scenario (a): a handler written the way a
 * reader of Vault's "Create Single Document Relationship" page would write it. Log in, then for
 * each record one POST to the single-create endpoint, one after another. No bulk endpoint, no
 * pacing, no burst headers read. To be fair to it, the session is kept across invocations (a
 * login per batch would be slower still and run into the per-minute auth limit).
 */
export interface NaiveRelayOptions {
  /** Where requests go (the fake Vault's loopback URL). */
  vaultUrl: string;
  vaultDns: string;
  username: string;
  password: string;
  apiVersion: string;
}

interface VaultAnswer {
  responseStatus?: string;
  sessionId?: string;
  errors?: { type?: string }[];
}

const post = async (url: string, form: Record<string, string>, sessionId?: string): Promise<VaultAnswer> => {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(sessionId ? { Authorization: sessionId } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
  return (await response.json()) as VaultAnswer;
};

export const createNaiveRelayHandler = (options: NaiveRelayOptions) => {
  const api = `${options.vaultUrl}/api/${options.apiVersion}`;
  let sessionId: string | undefined;

  const login = async (): Promise<string> => {
    const answer = await post(`${api}/auth`, {
      username: options.username,
      password: options.password,
      vaultDNS: options.vaultDns,
    });
    if (answer.responseStatus !== 'SUCCESS' || !answer.sessionId)
      throw new Error('naive relay: login failed');
    return answer.sessionId;
  };

  const createOne = async (body: string, session: string): Promise<void> => {
    const message = JSON.parse(body) as Record<string, number | string | undefined>;
    const form: Record<string, string> = {
      target_doc_id__v: String(message.target_doc_id__v),
      relationship_type__v: String(message.relationship_type__v),
    };
    if (message.target_major_version__v !== undefined) {
      form.target_major_version__v = String(message.target_major_version__v);
      form.target_minor_version__v = String(message.target_minor_version__v);
    }
    const path = `/objects/documents/${message.source_doc_id__v}/versions/${message.source_major_version__v}/${message.source_minor_version__v}/relationships`;
    const answer = await post(`${api}${path}`, form, session);
    if (answer.responseStatus !== 'SUCCESS') {
      if (answer.errors?.[0]?.type === 'INVALID_SESSION_ID') sessionId = undefined;
      throw new Error(`naive relay: create failed (${answer.errors?.[0]?.type ?? answer.responseStatus})`);
    }
  };

  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        sessionId ??= await login();
        await createOne(record.body, sessionId);
      } catch {
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
};
