// How Eddy connects to Kafka: the broker list, the client id, optional SASL/TLS, and the time
// bounds of every operation. This file is the only place that turns Eddy's KafkaConfig into the
// options of the Kafka library, so timeouts and retry back-off are chosen in one spot.
import type { BaseOptions, RetryDelayGetter } from '@platformatic/kafka';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface KafkaSasl {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  readonly password: string;
}

/** Time bounds of Kafka operations; every field has a default (DEFAULT_TIMEOUTS). */
export interface KafkaTimeouts {
  /** TCP connect (and SASL handshake) to one broker. */
  readonly connectMs: number;
  /** One request to a broker; must exceed a fetch's maxWaitMs. */
  readonly requestMs: number;
  /** How long an operation keeps retrying retriable failures before it throws. */
  readonly retryBudgetMs: number;
  /** First back-off between retries; doubles up to retryBackoffMaxMs. */
  readonly retryBackoffMs: number;
  readonly retryBackoffMaxMs: number;
}

export interface KafkaConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly sasl?: KafkaSasl;
  readonly tls?: boolean;
  readonly timeouts?: Partial<KafkaTimeouts>;
}

export const DEFAULT_TIMEOUTS: KafkaTimeouts = {
  connectMs: 5_000,
  requestMs: 30_000,
  retryBudgetMs: 30_000,
  retryBackoffMs: 100,
  retryBackoffMaxMs: 2_000,
};

export function timeoutsOf(config: KafkaConfig): KafkaTimeouts {
  return { ...DEFAULT_TIMEOUTS, ...config.timeouts };
}

/** Exponential back-off for retry number `attempt` (1-based). */
export function backoffMs(t: KafkaTimeouts, attempt: number): number {
  return Math.min(t.retryBackoffMaxMs, t.retryBackoffMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Options for a library client. `retries` is how often the library itself retries a retriable
 * request (with our back-off); callers that run their own retry loop (the partition reader) pass 0.
 */
export function clientOptions(config: KafkaConfig, retries: number): BaseOptions {
  const t = timeoutsOf(config);
  const retryDelay: RetryDelayGetter = (_client, _op, attempt) => backoffMs(t, attempt);
  const options: BaseOptions = {
    clientId: config.clientId,
    bootstrapBrokers: [...config.brokers],
    connectTimeout: t.connectMs,
    requestTimeout: t.requestMs,
    timeout: t.requestMs,
    retries,
    retryDelay,
    autocreateTopics: false,
  };
  if (config.tls === true) options.tls = {};
  if (config.sasl !== undefined) {
    options.sasl = {
      mechanism: saslMechanismName(config.sasl.mechanism),
      username: config.sasl.username,
      password: config.sasl.password,
    };
  }
  return options;
}

function saslMechanismName(m: SaslMechanism): 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512' {
  switch (m) {
    case 'plain':
      return 'PLAIN';
    case 'scram-sha-256':
      return 'SCRAM-SHA-256';
    case 'scram-sha-512':
      return 'SCRAM-SHA-512';
    default: {
      const never: never = m;
      throw new Error(`unknown SASL mechanism ${String(never)}`);
    }
  }
}

/** Retries of the library's own loop that fit into the retry budget with our back-off. */
export function retriesWithin(t: KafkaTimeouts): number {
  let total = 0;
  let n = 0;
  while (total < t.retryBudgetMs && n < 50) {
    n += 1;
    total += backoffMs(t, n) + t.requestMs / 10;
  }
  return n;
}

/** Closes a library client with force (also ends its streams), as a promise. */
export function closeForcefully(client: {
  close(force: boolean, callback: (error: Error | null) => void): void;
}): Promise<void> {
  return new Promise((resolve, reject) => {
    client.close(true, (error) => (error ? reject(error) : resolve()));
  });
}
