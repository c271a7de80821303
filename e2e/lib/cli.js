// The `healthchain` command-line client, run as an integrator runs it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function cliBinary() {
  if (process.env.HEALTHCHAIN_CLI) return process.env.HEALTHCHAIN_CLI;
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache/healthchain/target');
  const bin = join(target, 'debug', 'healthchain');
  if (!existsSync(bin)) throw new Error(`healthchain client not found at ${bin}: scripts/build.sh builds it`);
  return bin;
}

/**
 * Run the client with `args` (and `env` added to the environment); resolve to
 * `{ code, json, stdout, stderr }` whatever its exit (`json` when the output is JSON).
 */
export async function cli(args, env = {}) {
  try {
    const { stdout, stderr } = await run(cliBinary(), args, { maxBuffer: 64 << 20, env: { ...process.env, ...env }, encoding: 'buffer' });
    let json = null;
    try { json = JSON.parse(stdout.toString('utf8')); } catch { /* not JSON: a document */ }
    return { code: 0, json, stdout, stderr: stderr.toString('utf8') };
  } catch (e) {
    return { code: e.code, json: null, stdout: e.stdout, stderr: e.stderr?.toString('utf8') ?? String(e) };
  }
}
