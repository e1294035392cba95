export * from './web-tier';
export * from './cloudfront-prefix-list';
export type { InstanceFleetProps } from './instance-fleet-props';
