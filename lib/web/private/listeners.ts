/** The ALB's listeners: HTTPS (plus an HTTP→HTTPS redirect) with a certificate, plain HTTP without. */
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/** Options of {@link addListeners}. */
export interface ListenerOptions {
  /** What the main listener does with a request no rule matches. */
  readonly defaultAction: elbv2.ListenerAction;
  /** @default - plain HTTP on 80 */
  readonly certificate?: elbv2.IListenerCertificate;
  /** @default elbv2.SslPolicy.RECOMMENDED_TLS */
  readonly sslPolicy?: elbv2.SslPolicy;
  /** With a certificate: also answer HTTP on 80 with a permanent redirect to HTTPS. */
  readonly redirectHttp: boolean;
}

/** The listeners added and the ports their clients need. */
export interface Listeners {
  /** HTTPS on 443 with a certificate, HTTP on 80 otherwise. */
  readonly listener: elbv2.ApplicationListener;
  readonly redirectListener?: elbv2.ApplicationListener;
  /** The main listener's port, then the redirect listener's. */
  readonly ports: readonly number[];
}

/** Adds the listeners to `loadBalancer`; none opens its port (the ingress is added apart, for the right peers). */
export function addListeners(loadBalancer: elbv2.ApplicationLoadBalancer, options: ListenerOptions): Listeners {
  if (!options.certificate) {
    const listener = loadBalancer.addListener('HttpListener', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction: options.defaultAction,
    });
    return { listener, ports: [80] };
  }
  const listener = loadBalancer.addListener('HttpsListener', {
    port: 443,
    protocol: elbv2.ApplicationProtocol.HTTPS,
    certificates: [options.certificate],
    sslPolicy: options.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS,
    open: false,
    defaultAction: options.defaultAction,
  });
  if (!options.redirectHttp) return { listener, ports: [443] };
  const redirectListener = loadBalancer.addListener('HttpRedirectListener', {
    port: 80,
    protocol: elbv2.ApplicationProtocol.HTTP,
    open: false,
    defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
  });
  return { listener, redirectListener, ports: [443, 80] };
}
