import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct, IConstruct } from 'constructs';

/**
 * A listener's default action: forward to the targets, or, once guarded, a fixed 403. Rendered at synth so
 * `WebTier.requireOriginHeader` can switch it without replacing the default action (which aws-cdk-lib warns
 * about). Binding always registers the target group with the listener, so the security-group rules and the
 * request-count scaling label stay in place whichever action is rendered.
 */
export class GuardableDefaultAction extends elbv2.ListenerAction {
  /** True once only requests matching a listener rule may reach the targets. */
  public guarded = false;
  private readonly forwardAction: elbv2.ListenerAction;
  private readonly denyAction = elbv2.ListenerAction.fixedResponse(403, { contentType: 'text/plain', messageBody: 'Forbidden' });

  constructor(targetGroup: elbv2.IApplicationTargetGroup) {
    super({ type: 'forward' });
    this.forwardAction = elbv2.ListenerAction.forward([targetGroup]);
  }

  public bind(scope: Construct, listener: elbv2.IApplicationListener, associatingConstruct?: IConstruct): void {
    this.forwardAction.bind(scope, listener, associatingConstruct);
  }

  public renderActions(): elbv2.CfnListener.ActionProperty[] {
    return this.current.renderActions();
  }

  public renderRuleActions(): elbv2.CfnListenerRule.ActionProperty[] {
    return this.current.renderRuleActions();
  }

  private get current(): elbv2.ListenerAction {
    return this.guarded ? this.denyAction : this.forwardAction;
  }
}
