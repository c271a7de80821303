// Shared set-up of an e2e test file: a fresh dev node and a connected polkadot.js client, for the
// whole file; and the steps most tests start from.
import { before, after } from 'node:test';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNode } from './node.js';
import { connect, freshAccount, submit, identityCommitment } from './chain.js';

/**
 * Start a dev node before the file's (or `describe` block's) tests and stop it after them.
 * Returns `{ node, api, startedAt, exit }`: `node`, `api` and the time the node was started filled
 * in once `before` has run; `exit` (the node's `{ code, signal }`) once it has stopped, for an
 * `after` hook registered later to check. `beside` starts what runs next to the node (gateways):
 * `{ start(chain), stop() }`, started once the node is up and stopped before it.
 */
export function useDevChain(options, beside) {
  const chain = {};
  before(async () => {
    chain.startedAt = Date.now();
    chain.node = await startNode(options);
    chain.api = await connect(chain.node.url);
    await beside?.start(chain);
  });
  after(async () => {
    await beside?.stop();
    await chain.api?.disconnect();
    chain.exit = await chain.node?.stop();
  });
  return chain;
}

/** A fresh, funded account registered as a patient with a random salted commitment. */
export async function registeredPatient(api) {
  const p = await freshAccount(api);
  await submit(api, api.tx.patientIdentity.register(identityCommitment('id', randomBytes(32), p.address)), p);
  return p;
}

const scratch = new Set();
process.once('exit', () => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the test file's process exits. */
export function scratchDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.add(dir);
  return dir;
}
