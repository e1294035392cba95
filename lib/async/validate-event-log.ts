/**
 * Every check of an {@link EventLog}'s props and of its topic and group names, each reported as one
 * PropsValidationError before anything is created. Limits: https://docs.aws.amazon.com/msk/latest/developerguide/limits.html,
 * msk-create-cluster.html (2 or 3 client subnets, brokers spread evenly), consumer-lag.html (group names).
 */
import type { Duration } from 'aws-cdk-lib';
import { Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { MSK_LIMITS } from '../capacity/async-catalog';
import { isConcrete, ProblemCollector, secondsOf, sizedPropName, throwIfProblems } from '../private/validation';
import type { EventLogProps } from './event-log';

/** What an EventLog builds, after the plan's sizes and the defaults are applied to its props. */
export interface EventLogSettings {
  readonly brokerType: string;
  readonly brokers: number;
  readonly storageGiBPerBroker: number;
  readonly kafkaVersion: string;
  /** Client subnets selected (one per AZ, at most 3). */
  readonly clientSubnets: number;
  /** Partitions of a topic that names none. */
  readonly partitions: number | undefined;
  readonly retention: Duration;
  readonly maxConsumerLag: Duration;
  readonly clusterName: string;
}

/** The sizes before validation: without a plan, the explicit props may be missing. */
export type EventLogSettingsInput = Omit<EventLogSettings, 'brokerType' | 'brokers' | 'storageGiBPerBroker'> &
  Partial<Pick<EventLogSettings, 'brokerType' | 'brokers' | 'storageGiBPerBroker'>>;

/** Kafka topic and (consumer-lag-visible) group names: ASCII letters, digits, '.', '_', '-'. */
const NAME = /^[A-Za-z0-9._-]{1,249}$/;
const NAME_RULE = 'must be 1–249 letters, digits, ".", "_" or "-"';


/**
 * Checks an EventLog's props and resolved sizes; afterwards every size is known.
 * @throws PropsValidationError listing every problem
 */
export function validateEventLogProps(scope: Construct, props: EventLogProps, s: EventLogSettingsInput): asserts s is EventLogSettings {
  const problems = new ProblemCollector();
  const noEventLog = props.plan !== undefined && props.plan.async?.eventLog == null;
  const required: [keyof EventLogSettings, string][] = [
    ['brokerType', 'async.eventLog.brokerType'],
    ['brokers', 'async.eventLog.brokers'],
    ['storageGiBPerBroker', 'async.eventLog.storageGiBPerBroker'],
  ];
  for (const [prop, planField] of required) {
    if (s[prop] === undefined) {
      problems.add(prop, undefined, noEventLog
        ? 'is required: the plan has no event log (below the multi-region stage, or async.eventLog false, or no message rate)'
        : `is required without a plan (or give \`plan\`, whose ${planField} is used)`);
    }
  }
  const type = s.brokerType;
  if (type !== undefined && !Token.isUnresolved(type)) {
    problems.check(sizedPropName(props.brokerType, 'brokerType', 'async.eventLog.brokerType'), type, /^kafka\.[a-z0-9]+\.[a-z0-9]+$/.test(type),
      'must be a Standard broker type such as "kafka.m7g.large" (Express brokers, "express.…", have no EBS storage to size)');
  }
  const subnets = s.clientSubnets;
  problems.check('vpcSubnets', `${subnets} AZ(s)`, subnets >= MSK_LIMITS.minClientSubnets,
    'MSK needs client subnets in 2 or 3 Availability Zones: select subnets in at least 2');
  const brokersName = sizedPropName(props.brokers, 'brokers', 'async.eventLog.brokers');
  problems.integer(brokersName, s.brokers, { min: MSK_LIMITS.replicationFactor });
  if (isConcrete(s.brokers) && Number.isInteger(s.brokers) && subnets >= MSK_LIMITS.minClientSubnets) {
    problems.check(brokersName, s.brokers, s.brokers % subnets === 0,
      `must be a multiple of the broker AZs (${subnets}): MSK spreads brokers evenly over its client subnets`);
  }
  problems.integer(sizedPropName(props.storageGiBPerBroker, 'storageGiBPerBroker', 'async.eventLog.storageGiBPerBroker'), s.storageGiBPerBroker,
    { min: MSK_LIMITS.minStorageGiBPerBroker, max: MSK_LIMITS.maxStorageGiBPerBroker });
  if (!Token.isUnresolved(s.kafkaVersion)) {
    problems.check('kafkaVersion', s.kafkaVersion, /^\d+\.\d+\.(\d+|x)(\.kraft)?$/.test(s.kafkaVersion), 'must look like "3.9.x.kraft" or "3.8.x"');
  }
  if (!Token.isUnresolved(s.clusterName)) {
    problems.check('clusterName', s.clusterName, /^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/.test(s.clusterName),
      'must be 1–64 letters, digits or hyphens, starting with a letter or digit');
  }
  const retention = secondsOf(s.retention);
  if (retention !== undefined) {
    problems.check(sizedPropName(props.retention, 'retention', 'async.eventLog.retentionHours'), `${retention} s`,
      Number.isInteger(retention / 3600) && retention >= 3600, 'must be a whole number of hours ≥ 1');
  }
  problems.seconds(sizedPropName(props.maxConsumerLag, 'maxConsumerLag', 'async.maxBacklogSeconds'), s.maxConsumerLag, { min: 1, message: 'must be a whole number of seconds ≥ 1' });
  const names = new Set<string>();
  (props.topics ?? []).forEach((t, i) => {
    problems.check(`topics[${i}].name`, t.name, typeof t.name === 'string' && NAME.test(t.name), NAME_RULE);
    problems.check(`topics[${i}].name`, t.name, !names.has(t.name), 'is given twice: each topic once');
    names.add(t.name);
    const partitions = t.partitions ?? s.partitions;
    if (partitions === undefined) problems.add(`topics[${i}].partitions`, undefined, 'is required without a plan or brokers');
    else problems.integer(t.partitions !== undefined ? `topics[${i}].partitions` : 'plan.async.eventLog.partitions', partitions, { min: 1 });
    (t.consumerGroups ?? []).forEach((g, j) => {
      problems.check(`topics[${i}].consumerGroups[${j}]`, g, typeof g === 'string' && NAME.test(g),
        `${NAME_RULE} (MSK publishes no consumer-lag metrics for a group whose name has a colon or non-ASCII characters)`);
    });
  });
  throwIfProblems(scope, problems);
}

/**
 * Checks a topic (and group) name given to a grant or a metric.
 * @param where e.g. `Stack/EventLog.grantProduce`
 */
export function validateTopicAccess(where: string, names: { readonly topic: string; readonly group?: string }, withGroup: boolean): void {
  const problems = new ProblemCollector();
  problems.check('topic', names.topic, typeof names.topic === 'string' && NAME.test(names.topic), NAME_RULE);
  if (withGroup) problems.check('group', names.group, typeof names.group === 'string' && NAME.test(names.group), NAME_RULE);
  throwIfProblems(where, problems);
}
