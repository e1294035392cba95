/** Resilience: saturation alarms from the plan, the SPOF audit plugin, game days (FIS) and disaster recovery. */
export * from './saturation';
export * from './saturation-alarms';
export * from './spof-audit';
export * from './strict-validation-plugin';
export * from './game-day';
export * from './region-switch-document';
export * from './region-switch';
export * from './dr-backup';
export * from './cfn-guard';
