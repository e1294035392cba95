/** Every check of `RegionSwitchProps`, in one place, reported in one `PropsValidationError`. */
import type { Construct } from 'constructs';
import { ProblemCollector, throwIfProblems } from '../private/validation';
import type { RegionSwitchProps } from './region-switch';

export function validateRegionSwitchProps(scope: Construct, props: RegionSwitchProps): void {
  const problems = new ProblemCollector();
  problems.check('switchName', props.switchName, /^[A-Za-z0-9_-]{1,200}$/.test(props.switchName), 'must be 1–200 letters, digits, - or _');
  problems.check('replicas', props.replicas.length, props.replicas.length > 0, 'give the cross-region replicas to promote');
  // An SSM Automation step times out after at most 24 h; a promotion takes minutes.
  problems.seconds('promotionTimeout', props.promotionTimeout, { min: 60, max: 86_400 });
  throwIfProblems(scope, problems);
}
