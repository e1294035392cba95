/**
 * Runs `cdk-scale budget` / `review` in this process (the CLI's `main`, as the binary calls it) against the
 * fake CloudWatch server, capturing stdout, stderr and the exit code. The SDK reads its configuration from
 * the environment at each run, as the binary does; the end-to-end test (test/e2e) runs the built binary.
 */
import { main } from '../../bin/cdk-scale';
import { FakeCloudWatch } from '../support/fake-cloudwatch';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const AWS_ENV = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_CLOUDWATCH', 'AWS_MAX_ATTEMPTS', 'AWS_RETRY_MODE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED'];

/** Runs the CLI with `env` as the only AWS configuration (no files, no instance metadata). */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const saved = Object.fromEntries(AWS_ENV.map((k) => [k, process.env[k]]));
  for (const k of AWS_ENV) delete process.env[k];
  Object.assign(process.env, {
    AWS_CONFIG_FILE: '/nonexistent/cdk-scale-test-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/cdk-scale-test-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
  let stdout = '';
  let stderr = '';
  const write = process.stderr.write;
  process.stderr.write = ((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(args, (s) => (stdout += s));
    return { code, stdout, stderr };
  } finally {
    process.stderr.write = write;
    for (const k of AWS_ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

/** The environment of a CI job pointed at `fake`: dummy credentials, a region, fast retries. */
export function fakeEnv(fake: FakeCloudWatch, extra: Record<string, string> = {}): Record<string, string> {
  return { AWS_ENDPOINT_URL: fake.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_MAX_ATTEMPTS: '2', ...extra };
}
