/** Every check of `GameDayProps`, in one place, reported in one `PropsValidationError`. */
import { Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ProblemCollector, throwIfProblems } from '../private/validation';
import { MAX_STOP_CONDITIONS, type GameDayProps } from './game-day';

/** FIS action durations: 1 minute to 12 hours (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html). */
const DURATION = { min: 60, max: 12 * 3600, message: 'must be a whole number of minutes from 1 minute to 12 hours' };

export function validateGameDayProps(scope: Construct, props: GameDayProps, stopAlarms: number): void {
  const problems = new ProblemCollector();
  problems.check('slos', `${stopAlarms} page window alarm(s)`, stopAlarms > 0,
    'give at least one SLO with a page tier: an experiment must stop when the SLO pages');
  problems.check('slos', `${stopAlarms} page window alarm(s)`, stopAlarms <= MAX_STOP_CONDITIONS,
    `FIS takes at most ${MAX_STOP_CONDITIONS} stop conditions per experiment template: give fewer SLOs or page tiers`);
  for (const [path, d] of [['impairmentDuration', props.impairmentDuration], ['cpuStressDuration', props.cpuStressDuration]] as const) {
    problems.seconds(path, d, DURATION);
    const s = d && !d.isUnresolved() ? d.toSeconds({ integral: false }) : undefined;
    if (s !== undefined && Number.isInteger(s) && s % 60 !== 0) problems.add(path, `${s} s`, DURATION.message);
  }
  const az = props.availabilityZone;
  const azs = props.network.availabilityZones;
  if (az !== undefined && !Token.isUnresolved(az) && azs.every((a) => !Token.isUnresolved(a))) {
    problems.check('availabilityZone', az, azs.includes(az), `must be one of the network's AZs (${azs.join(', ')})`);
  }
  throwIfProblems(scope, problems);
}
