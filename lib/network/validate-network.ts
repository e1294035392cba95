/** Every check of a {@link Network}'s props, reported together in one PropsValidationError. */
import { Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { networkSizing } from '../capacity/sizing';
import { ProblemCollector, throwIfProblems } from '../private/validation';
import type { NetworkProps } from './network';
import { DEFAULT_AZ_COUNT, INTERFACE_ENDPOINT_SERVICES } from './private/defaults';

/** Throws one PropsValidationError listing every invalid prop of a Network. */
export function validateNetworkProps(scope: Construct, props: NetworkProps): void {
  const problems = new ProblemCollector();
  if (props.vpc) {
    for (const prop of ['availabilityZones', 'natGateways', 'ipAddresses', 'cidrMasks', 'interfaceEndpoints'] as const) {
      if (props[prop] !== undefined) problems.add(prop, props[prop], 'applies only to a new VPC: remove it, or remove `vpc`');
    }
  }
  const azs = props.availabilityZones;
  if (azs !== undefined) {
    problems.check('availabilityZones', azs, azs.length >= 2, 'must list at least 2 Availability Zones (3 recommended)');
    const concrete = azs.filter((az) => !Token.isUnresolved(az));
    problems.check('availabilityZones', azs, new Set(concrete).size === concrete.length, 'must not repeat an Availability Zone');
  }
  const planAzs = props.plan ? networkSizing(props.plan).availabilityZones : undefined;
  if (planAzs !== undefined && !props.availabilityZones && !props.vpc) {
    problems.integer('plan.topology.availabilityZones', planAzs, { min: 2 });
  }
  const azCount = azs?.length ?? planAzs ?? DEFAULT_AZ_COUNT;
  problems.integer('natGateways', props.natGateways, { min: 1, max: Math.max(1, azCount) });
  const endpoints = props.interfaceEndpoints;
  if (endpoints !== undefined) {
    const unknown = endpoints.filter((e) => !INTERFACE_ENDPOINT_SERVICES.includes(e));
    problems.check('interfaceEndpoints', endpoints, unknown.length === 0,
      `lists no service it can build: ${JSON.stringify(unknown)}; use ${INTERFACE_ENDPOINT_SERVICES.map((e) => JSON.stringify(e)).join(', ')}`);
    problems.check('interfaceEndpoints', endpoints, new Set(endpoints).size === endpoints.length, 'must not repeat a service');
  }
  const masks = props.cidrMasks ?? {};
  problems.integer('cidrMasks.public', masks.public, { min: 16, max: 28 });
  problems.integer('cidrMasks.application', masks.application, { min: 16, max: 28 });
  problems.integer('cidrMasks.data', masks.data, { min: 16, max: 28 });
  throwIfProblems(scope, problems);
}
