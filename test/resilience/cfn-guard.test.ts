import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { CfnGuardPlugin, reduceTemplate, ruleGroupsFor, type Template } from '../../lib/resilience';

/** Findings of a report, one line each: rule, template file, logical ID, property paths. */
function findings(report: PolicyValidationPluginReport): string[] {
  return report.violations.flatMap((v) => v.violatingResources.map((r) =>
    `${v.ruleName} ${path.basename(r.templatePath ?? '')} ${r.resourceLogicalId} ${[...r.locations].sort().join(',')}`)).sort();
}

describe('reduceTemplate', () => {
  const bucket = { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' } } };
  const template: Template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: { Bucket: bucket, Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Threshold: 1 } } as { Type: string } },
  };

  test('keeps the resources of the given types whole and every other resource as its type only', () => {
    expect(reduceTemplate(template, new Set(['AWS::S3::Bucket']))).toEqual({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: { Bucket: bucket, Alarm: { Type: 'AWS::CloudWatch::Alarm' } },
    });
  });

  test('is undefined for a template without a resource of these types', () => {
    expect(reduceTemplate(template, new Set(['AWS::RDS::DBInstance']))).toBeUndefined();
  });
});

describe('CfnGuardPlugin', () => {
  // A Lambda permission whose SourceArn points at a resource of a type its rule file does not name (an SNS topic):
  // the rule looks the topic up by logical ID, so the reduced template must keep it.
  const templates: Record<string, object> = {
    'A.template.json': {
      Resources: {
        Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: 'arn:aws:iam::111111111111:role/r', Runtime: 'nodejs20.x', Handler: 'i.h', Code: { ZipFile: 'x' } } },
        AllowTopic: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: 'Fn' }, Principal: 'sns.amazonaws.com', SourceArn: { Ref: 'Topic' } } },
        AllowAnyone: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: 'Fn' }, Principal: 's3.amazonaws.com' } },
        Logs: { Type: 'AWS::S3::Bucket', Properties: {} },
      },
    },
    'B.template.json': { Resources: { Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: {} } } } },
  };
  let dir: string;
  let context: IPolicyValidationContext;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-guard-test-'));
    const templatePaths = Object.entries(templates).map(([name, t]) => {
      fs.writeFileSync(path.join(dir, name), JSON.stringify(t));
      return path.join(dir, name);
    });
    context = { templatePaths } as IPolicyValidationContext;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the same findings as the package run with every Control Tower rule on the whole templates, each an error', () => {
    const expected = findings(new CfnGuardValidator().validate(context));
    const report = new CfnGuardPlugin().validate(context);
    expect(findings(report)).toEqual(expected);
    expect(expected.some((f) => f.startsWith('lambda_function_public_access_prohibited_check') && f.includes(' AllowAnyone '))).toBe(true);
    expect(expected.some((f) => f.includes(' AllowTopic '))).toBe(false);
    expect(report.success).toBe(false);
    expect(report.violations.every((v) => v.severity === 'error')).toBe(true);
    expect(report.violations.flatMap((v) => v.violatingResources.map((r) => r.templatePath))).toEqual(
      expect.arrayContaining(context.templatePaths));
  });

  test('groups only the rule files naming a type present, by the types they name', () => {
    const groups = ruleGroupsFor(new Set(['AWS::Lambda::Permission']));
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expect(g.types).toEqual(['AWS::Lambda::Permission']);
    expect(ruleGroupsFor(new Set(['AWS::Made::Up']))).toEqual([]);
  });
});
