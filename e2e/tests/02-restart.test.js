// Persistence: a dev node stopped with SIGINT and started again on the same base path keeps
// its blocks and state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startNode, tempBasePath } from '../lib/node.js';
import { connect, alice, submit, UNIT, keyring, finalized } from '../lib/chain.js';
import { mnemonicGenerate } from '@polkadot/util-crypto';

test('state and height survive a restart on the same base path', async () => {
  const basePath = tempBasePath();
  try {
    const first = await startNode({ basePath });
    const api = await connect(first.url);
    const dest = keyring().addFromUri(mnemonicGenerate());
    const { blockHash } = await submit(api, api.tx.balances.transferKeepAlive(dest.address, 7n * UNIT), alice());
    // The transfer's block is finalized by the sealer before the node stops.
    await finalized(api, blockHash);
    const height = (await api.rpc.chain.getHeader()).number.toNumber();
    await api.disconnect();
    const stopped = await first.stop();
    assert.equal(stopped.code, 0, 'first run exited cleanly on SIGINT');

    const second = await startNode({ basePath });
    const api2 = await connect(second.url);
    const after = (await api2.rpc.chain.getHeader()).number.toNumber();
    assert.ok(after >= height - 1, `height kept: before ${height}, after restart ${after}`);
    const { data } = await api2.query.system.account(dest.address);
    assert.equal(data.free.toBigInt(), 7n * UNIT, 'transferred balance kept');
    await api2.disconnect();
    const stopped2 = await second.stop();
    assert.equal(stopped2.code, 0, 'second run exited cleanly');
  } finally {
    rmSync(basePath, { recursive: true, force: true });
  }
});
