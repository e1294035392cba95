/**
 * Starts moto_server (a local AWS emulator) on a free loopback port for the end-to-end tests, and stops the
 * process it started. moto lives in the pyenv-managed Python whose shims are on the machine's PATH; when it is
 * missing, the error says what to install.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

/** The moto_server executable on PATH, or an error naming what to install. */
export function findMotoServer(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'moto_server');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error("moto_server not found on PATH: the end-to-end test runs cdk-scale against moto; install it with pip install 'moto[server]'");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** A running moto_server. */
export class Moto {
  private constructor(
    private readonly child: ChildProcess,
    public readonly endpoint: string,
    private readonly log: () => string,
  ) {}

  static async start(): Promise<Moto> {
    const executable = findMotoServer();
    const port = await freePort();
    let output = '';
    const child = spawn(executable, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const moto = new Moto(child, `http://127.0.0.1:${port}`, () => output);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${output.slice(-500)}`);
      try {
        await moto.reset();
        return moto;
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    moto.stop();
    throw new Error(`moto_server did not answer on ${moto.endpoint} within 60 s: ${output.slice(-500)}`);
  }

  /** Forgets every metric and alarm (moto's reset API). */
  async reset(): Promise<void> {
    const r = await fetch(`${this.endpoint}/moto-api/reset`, { method: 'POST' });
    if (r.status !== 200) throw new Error(`moto reset answered ${r.status}`);
  }

  /** Stops the process this object started. */
  stop(): void {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }

  get output(): string {
    return this.log();
  }
}
