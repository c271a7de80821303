// Starts and stops a real `healthchain-node --dev` for the end-to-end tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync, openSync, closeSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export function nodeBinary() {
  if (process.env.HEALTHCHAIN_NODE) return process.env.HEALTHCHAIN_NODE;
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache/healthchain/target');
  const bin = join(target, 'debug', 'healthchain-node');
  if (!existsSync(bin)) {
    throw new Error(`node binary not found at ${bin}: build it (scripts/test.sh does) or set HEALTHCHAIN_NODE`);
  }
  return bin;
}

/** The executor's compiled-code cache shared by the test nodes (and scripts/dev.sh). */
export function wasmCacheDir() {
  const cache = process.env.HEALTHCHAIN_CACHE || join(homedir(), '.cache/healthchain');
  return join(cache, 'wasm-cache');
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function tempBasePath() {
  return mkdtempSync(join(tmpdir(), 'healthchain-e2e-'));
}

async function waitForRpc(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`node exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_getHeader', params: [] }),
      });
      if (res.ok) {
        const body = await res.json();
        if (body.result) return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`node RPC on port ${port} not ready after ${timeoutMs} ms`);
}

/**
 * Start a dev node. Returns { port, basePath, child, url, httpUrl, stop() }.
 * `stop()` sends SIGINT and resolves with the exit code.
 */
export async function startNode({ basePath, sealing = '1000', keepBasePath = false } = {}) {
  const port = await freePort();
  const dir = basePath ?? tempBasePath();
  const logPath = join(dir, 'node.log');
  // The node writes its log straight to the file: piped through this process, a busy test could
  // stall the node on a full pipe.
  const log = openSync(logPath, 'a');
  const args = [
    '--dev',
    '--base-path', dir,
    '--rpc-port', String(port),
    '--sealing', sealing,
    '--no-telemetry',
    '--no-prometheus',
    '--no-hardware-benchmarks',
    '--port', String(await freePort()),
    // One compiled-runtime cache for every test node: only the first one compiles the runtime.
    '--wasm-cache', wasmCacheDir(),
    // Extra node arguments for investigating a failure, e.g. HEALTHCHAIN_NODE_ARGS='-l txpool=debug'.
    ...(process.env.HEALTHCHAIN_NODE_ARGS ? process.env.HEALTHCHAIN_NODE_ARGS.split(/\s+/).filter(Boolean) : []),
  ];
  const child = spawn(nodeBinary(), args, { stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  try {
    await waitForRpc(port, child, 240_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}; see ${logPath}`);
  }
  return {
    port,
    basePath: dir,
    logPath,
    child,
    url: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const result = await exited;
      clearTimeout(timer);
      // HEALTHCHAIN_KEEP_NODE_DIRS=1 keeps each node's directory (and log) for a post-mortem.
      if (!keepBasePath && !basePath && !process.env.HEALTHCHAIN_KEEP_NODE_DIRS) rmSync(dir, { recursive: true, force: true });
      return result;
    },
  };
}
