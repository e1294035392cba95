/**
 * "Deploys" the CloudWatch alarms of a synthesized template the way CloudFormation would name and resolve
 * them, as DescribeAlarms would return them: CloudFormation-generated names (`<stack>-<logicalId>-<suffix>`),
 * `Fn::GetAtt` of the load balancer's full name resolved to a given value, composite rules' `Fn::Join` of
 * alarm ARNs resolved. Lets tests (the fake server, moto) serve the alarms `SloAlarms` really builds.
 */
import { parseSloAlarmLabel, SLO_ALARM_METADATA_KEY } from '../../lib/slo';

export interface DeployedAlarm {
  readonly AlarmName: string;
  readonly AlarmArn: string;
  readonly AlarmDescription: string;
  readonly Threshold?: number;
  readonly ComparisonOperator?: string;
  readonly EvaluationPeriods?: number;
  readonly DatapointsToAlarm?: number;
  readonly TreatMissingData?: string;
  readonly Metrics?: any[];
  readonly AlarmRule?: string;
}

export interface DeployOptions {
  readonly stackName: string;
  readonly region?: string;
  readonly account?: string;
  /** Value of `Fn::GetAtt [logicalId, attribute]` (e.g. an ALB's LoadBalancerFullName). */
  readonly getAtt: (logicalId: string, attribute: string) => string;
}

/** The template's metric and composite alarms, as deployed (see the module comment). */
export function alarmsFromTemplate(template: any, options: DeployOptions): { metricAlarms: DeployedAlarm[]; compositeAlarms: DeployedAlarm[] } {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const resources: Record<string, any> = template.Resources ?? {};
  const nameOf = (logicalId: string) => {
    const given = resources[logicalId]?.Properties?.AlarmName;
    return typeof given === 'string' ? given : `${options.stackName}-${logicalId}-${suffix(logicalId)}`;
  };
  const arnOf = (logicalId: string) => `arn:aws:cloudwatch:${region}:${account}:alarm:${nameOf(logicalId)}`;
  const resolve = (v: any): any => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object') {
      if ('Fn::GetAtt' in v) {
        const [id, attr] = v['Fn::GetAtt'];
        return attr === 'Arn' && resources[id]?.Type?.startsWith('AWS::CloudWatch::') ? arnOf(id) : options.getAtt(id, attr);
      }
      if ('Fn::Join' in v) {
        const [sep, parts] = v['Fn::Join'];
        return resolve(parts).join(sep);
      }
      if ('Ref' in v) return options.getAtt(v.Ref, 'Ref');
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    }
    return v;
  };
  const metricAlarms: DeployedAlarm[] = [];
  const compositeAlarms: DeployedAlarm[] = [];
  for (const [logicalId, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::CloudWatch::Alarm' && r.Type !== 'AWS::CloudWatch::CompositeAlarm') continue;
    const p = r.Properties ?? {};
    // SloAlarms writes each alarm's SLO label into its description: what DescribeAlarms gives budget discovery.
    const meta = r.Metadata?.[SLO_ALARM_METADATA_KEY];
    const labelled: string = p.AlarmDescription ?? '';
    if (meta && JSON.stringify(parseSloAlarmLabel(labelled)) !== JSON.stringify(meta)) {
      throw new Error(`${logicalId}: its description does not carry its SLO label ${JSON.stringify(meta)}`);
    }
    const alarm: DeployedAlarm = {
      AlarmName: nameOf(logicalId),
      AlarmArn: arnOf(logicalId),
      AlarmDescription: labelled,
      ...(r.Type === 'AWS::CloudWatch::Alarm'
        ? {
            Threshold: p.Threshold,
            ComparisonOperator: p.ComparisonOperator,
            EvaluationPeriods: p.EvaluationPeriods,
            DatapointsToAlarm: p.DatapointsToAlarm,
            TreatMissingData: p.TreatMissingData,
            Metrics: resolve(p.Metrics),
          }
        : { AlarmRule: resolve(p.AlarmRule) }),
    };
    (r.Type === 'AWS::CloudWatch::Alarm' ? metricAlarms : compositeAlarms).push(alarm);
  }
  return { metricAlarms, compositeAlarms };
}

/** A CloudFormation-like random suffix, stable per logical id. */
function suffix(logicalId: string): string {
  let h = 0;
  for (const c of logicalId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h.toString(36).toUpperCase().padStart(8, 'X').slice(0, 12);
}
