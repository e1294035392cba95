/**
 * The shared secret CloudFront adds to every request it sends to a regional ALB origin, so that the
 * ALB can refuse everything that did not come through the distribution (and therefore through WAF).
 *
 * Design (see the AWS guide "Restricting access to Application Load Balancers"):
 * - one generated Secrets Manager secret, created in the edge stack's region (us-east-1) and
 *   replicated to every origin region under the SAME name;
 * - both the distribution's origin custom header and each regional ALB listener rule read it through
 *   a CloudFormation dynamic reference by name, `{{resolve:secretsmanager:<name>:SecretString}}`,
 *   which CloudFormation resolves in the region of the stack that uses it. No secret value ever
 *   appears in a template, and no cross-region reference (custom resource) is needed: the regional
 *   stacks only need to deploy after the edge stack.
 */
import { Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeManualRotation } from '../private/acknowledgments';
import { validateDynamicReferenceName, validateGuardRegion, validateOriginVerifySecretProps } from './validate-origin-verify-secret';

/**
 * Something that can make a regional origin accept only requests carrying a given header, such as
 * `WebTier` (`webTier.requireOriginHeader(name, value)` turns its ALB listener's default action into
 * a 403 and forwards only requests with that header).
 */
export interface IOriginHeaderGuard {
  /**
   * Make the origin forward only requests whose `headerName` equals `headerValue`.
   * @param headerName HTTP header name, e.g. `X-Origin-Verify`
   * @param headerValue the expected value (here a CloudFormation dynamic reference)
   */
  requireOriginHeader(headerName: string, headerValue: string): void;
}

/** Properties of {@link OriginVerifySecret}. */
export interface OriginVerifySecretProps {
  /**
   * Name of the secret, identical in every region. Must be a plain string (no token, no `:`).
   * @default `<stack name>/origin-verify/<construct unique id>`
   */
  readonly secretName?: string;
  /**
   * Regions, other than this stack's, where the secret is replicated (the origin regions).
   * @default - no replica
   */
  readonly replicaRegions?: string[];
  /**
   * Name of the custom header CloudFront adds and the ALB checks: HTTP token characters, at most 40 (the
   * longest name an ALB listener rule matches), and not one CloudFront reserves (`Host`, `X-Amz-*`, ...).
   * @default 'X-Origin-Verify'
   */
  readonly headerName?: string;
  /**
   * Length of the generated value, 32–128 characters (an ALB `http-header` condition value holds at
   * most 128 characters).
   * @default 64
   */
  readonly length?: number;
  /**
   * What happens to the secret when it leaves the stack. A new secret means a new value: the edge and
   * the regional stacks must then all be redeployed.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A generated secret used as the value of the origin-verify header, replicated to the origin regions
 * and referenced by name with a CloudFormation dynamic reference.
 */
export class OriginVerifySecret extends Construct {
  /** The header CloudFront adds to origin requests by default. */
  public static readonly DEFAULT_HEADER_NAME = 'X-Origin-Verify';

  /**
   * The CloudFormation dynamic reference that resolves to the secret's value in whatever region the
   * template using it is deployed (the secret must exist, or be replicated, there under `secretName`).
   * @throws PropsValidationError when `secretName` is a token or not a plain secret name
   */
  public static dynamicReference(secretName: string): string {
    validateDynamicReferenceName(secretName);
    return `{{resolve:secretsmanager:${secretName}:SecretString}}`;
  }

  /** The Secrets Manager secret (primary in this stack's region, replicas in the origin regions). */
  public readonly secret: secretsmanager.Secret;
  /** The secret's name, identical in every region. */
  public readonly secretName: string;
  /** The custom header name. */
  public readonly headerName: string;
  /** The header value: the dynamic reference `{{resolve:secretsmanager:<name>:SecretString}}`. */
  public readonly headerValue: string;
  /** Regions the secret is replicated to. */
  public readonly replicaRegions: readonly string[];

  constructor(scope: Construct, id: string, props: OriginVerifySecretProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    const secretName = props.secretName ?? `${stack.stackName}/origin-verify/${Names.uniqueId(this).slice(-40)}`;
    const headerName = props.headerName ?? OriginVerifySecret.DEFAULT_HEADER_NAME;
    const length = props.length ?? 64;
    const replicaRegions = [...new Set(props.replicaRegions ?? [])];

    validateOriginVerifySecretProps(this, { secretName, headerName, replicaRegions, length: props.length });

    this.secretName = secretName;
    this.headerName = headerName;
    this.replicaRegions = replicaRegions;
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      secretName,
      description: `Value of the ${headerName} header CloudFront adds to origin requests; the regional ALBs forward only requests carrying it.`,
      generateSecretString: {
        passwordLength: length,
        // Letters and digits only: no ALB wildcard characters (* ?), nothing to escape in a header.
        excludePunctuation: true,
        includeSpace: false,
      },
      replicaRegions: replicaRegions.map((region) => ({ region })),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    acknowledgeManualRotation(
      this.secret,
      'the value is copied into the CloudFront origin header and the ALB listener rules only when their stacks deploy (dynamic references), so a scheduled rotation would break the origins until every stack is redeployed',
      'a new value, the regional stacks redeployed accepting both values, then the edge',
    );
    this.headerValue = OriginVerifySecret.dynamicReference(secretName);
  }

  /**
   * Whether a template deployed in `region` can resolve the secret's dynamic reference: true in this
   * stack's region and the replica regions, false elsewhere, undefined when this stack's region is
   * unknown at synth (environment-agnostic) and `region` is not a replica region.
   */
  public isReadableIn(region: string): boolean | undefined {
    if (this.replicaRegions.includes(region)) return true;
    const home = Stack.of(this).region;
    if (Token.isUnresolved(home) || Token.isUnresolved(region)) return undefined;
    return home === region;
  }

  /**
   * Make `guard` (e.g. a `WebTier`) require the header, and order deployments so the secret (and its
   * replicas) exist before the guard's listener rule resolves it: when the guard is a construct in
   * another stack, that stack depends on this one; in the same stack, the guard depends on the secret.
   * @throws PropsValidationError when `guard` is a construct whose stack region is known and the secret
   * is not readable there (neither this stack's region nor a replica region)
   */
  public protect(guard: IOriginHeaderGuard): void {
    if (isConstruct(guard)) validateGuardRegion(this, guard);
    guard.requireOriginHeader(this.headerName, this.headerValue);
    if (isConstruct(guard)) {
      const guardStack = Stack.of(guard);
      if (guardStack === Stack.of(this)) {
        guard.node.addDependency(this.secret);
      } else {
        guardStack.addStackDependency(Stack.of(this), `the ${this.headerName} secret must exist before the origin rule resolves it`);
      }
    }
  }
}

function isConstruct(x: unknown): x is IConstruct {
  return Construct.isConstruct(x);
}
