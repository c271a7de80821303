// Crash under load: the dev node is killed with SIGKILL while 2,000 transfers stream in, then
// restarted on the same base path. Every block finalized before the kill is still there with
// the same hash, the chain goes on, and resubmitting every extrinsic the restarted chain does not
// hold lands each exactly once (the nonces refuse a second copy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startNode, tempBasePath } from '../lib/node.js';
import { connect, UNIT } from '../lib/chain.js';
import { Connections, BlockTracker, submitAll, presign, tally } from '../lib/load.js';
import { population } from '../lib/population.js';

/** How many times each extrinsic hash occurs in blocks 1..head of the chain `api` follows. */
async function inclusions(api) {
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  const seen = new Map();
  for (let n = 1; n <= head; n++) {
    const block = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(n));
    for (const ex of block.block.extrinsics) {
      if (ex.isSigned) seen.set(ex.hash.toHex(), (seen.get(ex.hash.toHex()) ?? 0) + 1);
    }
  }
  return { head, seen };
}

test('SIGKILL under load: finalized blocks keep their hashes, the chain goes on, resubmitted extrinsics land exactly once', { timeout: 1_200_000 }, async () => {
  const basePath = tempBasePath();
  let node = await startNode({ basePath, sealing: '1000' });
  let api = await connect(node.url);
  let conns = await new Connections(node.url, 4).ready();
  const tracker = await new BlockTracker(api).start();
  let items;
  try {
    const { senders } = await population(api, conns, tracker, { senders: 20 });
    items = [];
    for (let n = 0; n < 100; n++) {
      senders.forEach((s, i) => items.push({
        kind: 'transfer',
        ...presign(api, api.tx.balances.transferKeepAlive(senders[(i + 1) % senders.length].address, UNIT), s, n),
      }));
    }
    const landed = () => items.filter((i) => tracker.outcomes.has(i.hashHex)).length;
    const submitting = submitAll(conns, items, 64);
    await tracker.until(() => landed() >= 400, 600_000);

    // What was final before the kill.
    const finalized = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
    const hashes = [];
    for (let n = 1; n <= finalized; n++) hashes.push((await api.rpc.chain.getBlockHash(n)).toHex());
    node.child.kill('SIGKILL');
    const killed = await new Promise((resolve) => node.child.once('exit', (code, signal) => resolve(signal ?? code)));
    assert.equal(killed, 'SIGKILL');
    tracker.stop();
    await submitting;
    await conns.close();
    await api.disconnect();
    console.log(JSON.stringify({ landed_before_kill: landed(), finalized_before_kill: finalized }));

    // Restart on the same base path.
    node = await startNode({ basePath, sealing: '1000' });
    api = await connect(node.url);
    for (let n = 1; n <= finalized; n++) {
      assert.equal((await api.rpc.chain.getBlockHash(n)).toHex(), hashes[n - 1], `block ${n} kept its hash`);
    }
    const restartHead = (await api.rpc.chain.getHeader()).number.toNumber();
    assert.ok(restartHead >= finalized, 'nothing final was lost');

    // Resubmit whatever the restarted chain does not hold, and also a few it does: those are
    // refused (their nonce is used), so nothing lands twice.
    const before = await inclusions(api);
    const missing = items.filter((i) => !before.seen.has(i.hashHex));
    const present = items.filter((i) => before.seen.has(i.hashHex)).slice(0, 20);
    assert.ok(missing.length > 0, 'the kill interrupted the load');
    conns = await new Connections(node.url, 4).ready();
    const retracker = await new BlockTracker(api).start();
    const again = [...missing, ...present].map(({ kind, hex, hashHex }) => ({ kind, hex, hashHex }));
    await submitAll(conns, again, 64);
    for (const p of again.slice(missing.length)) {
      assert.ok(p.refused, 'a copy of an included extrinsic is refused');
      assert.match(p.refused, /outdated|stale|already|1010|1013/i, p.refused);
    }
    await retracker.until(() => again.slice(0, missing.length).every((i) => i.refused || retracker.outcomes.has(i.hashHex)), 600_000);
    retracker.stop();
    await conns.close();
    const refusedMissing = again.slice(0, missing.length).filter((i) => i.refused);
    assert.deepEqual(tally(refusedMissing.map((i) => i.refused)), {}, 'every missing extrinsic is accepted again');

    const after = await inclusions(api);
    assert.ok(after.head > restartHead, 'the chain goes on after the restart');
    for (const i of items) assert.equal(after.seen.get(i.hashHex), 1, `extrinsic ${i.hashHex} landed exactly once`);
    console.log(JSON.stringify({ resubmitted: missing.length, total_landed: items.length }));
  } finally {
    tracker.stop();
    await conns?.close();
    await api?.disconnect();
    await node?.stop();
    rmSync(basePath, { recursive: true, force: true });
  }
});
