// Eddy's Kafka client layer: the only place Eddy touches the Kafka library. It offers a
// group-less, pull-based PartitionReader (the caller owns the offsets), a TransactionalWriter (one
// Kafka transaction per batch), a KafkaAdmin for metadata/offsets/topics and readAll for reading
// a small topic fully. Errors are EddyErrors (58000 for broker failures, 42704 for a missing
// topic, 57014 for cancellation). May import only src/repr and src/errors.
export { KafkaAdmin, type OffsetSpec } from './admin.js';
export {
  DEFAULT_TIMEOUTS,
  type KafkaConfig,
  type KafkaSasl,
  type KafkaTimeouts,
  type SaslMechanism,
} from './config.js';
export {
  PartitionReader,
  type FetchOptions,
  type FetchResult,
  type Isolation,
  type PartitionData,
  type PartitionError,
} from './reader.js';
export { readAll } from './read-all.js';
export type { KafkaRecord } from './records.js';
export { TransactionalWriter, type RecordToWrite } from './writer.js';
