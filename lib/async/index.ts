export * from './work-queue';
export * from './queue-workers';
export * from './event-log';
export type { WorkQueueSettings } from './validate-work-queue';
export type { QueueWorkersSettings } from './validate-queue-workers';
export type { EventLogSettings } from './validate-event-log';
