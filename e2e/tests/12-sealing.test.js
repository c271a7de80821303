// Each sealing mode of the dev chain, as a client sees it: instant sealing seals every
// transaction (a lone one included, a burst all included without anything else arriving);
// interval sealing produces its first block at once and then one per interval; with 1 s blocks a
// client using polkadot.js defaults (mortal era, signed at the finalized head, submitted at once,
// from an account funded in the block just seen) never sees "ancient birth block" or "inability to
// pay fees".
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { useDevChain } from '../lib/suite.js';
import { alice, UNIT, keyring } from '../lib/chain.js';
import { mnemonicGenerate } from '@polkadot/util-crypto';

/** signAndSend with polkadot.js defaults; resolves with the status that ended it. */
function sendDefault(api, tx, signer, options = {}) {
  return new Promise((resolve, reject) => {
    let unsub;
    tx.signAndSend(signer, options, ({ status, dispatchError }) => {
      if (dispatchError) {
        unsub?.();
        reject(new Error(`dispatch error ${dispatchError.toString()}`));
      } else if (status.isInBlock || status.isFinalized) {
        unsub?.();
        resolve(status.type);
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        unsub?.();
        reject(new Error(`transaction ${status.type}`));
      }
    }).then((u) => { unsub = u; }, reject);
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: not done after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

describe('instant sealing', () => {
  const chain = useDevChain({ sealing: 'instant' });

  test('a lone transaction is sealed without another one arriving', async () => {
    const to = keyring().addFromUri(mnemonicGenerate());
    for (let i = 0; i < 3; i++) {
      const before = (await chain.api.rpc.chain.getHeader()).number.toNumber();
      await withTimeout(sendDefault(chain.api, chain.api.tx.balances.transferKeepAlive(to.address, UNIT), alice()), 30_000, `lone transfer ${i}`);
      const afterwards = (await chain.api.rpc.chain.getHeader()).number.toNumber();
      assert.ok(afterwards > before, 'a block was sealed for it');
    }
  });

  test('a burst of transactions is all sealed, the last ones without waiting for more', async () => {
    const kr = keyring();
    const senders = Array.from({ length: 20 }, () => kr.addFromUri(mnemonicGenerate()));
    const nonce = (await chain.api.rpc.system.accountNextIndex(alice().address)).toNumber();
    await withTimeout(Promise.all(senders.map((s, i) =>
      sendDefault(chain.api, chain.api.tx.balances.transferKeepAlive(s.address, 10n * UNIT), alice(), { nonce: nonce + i }))), 60_000, 'funding');
    // Each freshly funded account spends at once, all together.
    await withTimeout(Promise.all(senders.map((s) =>
      sendDefault(chain.api, chain.api.tx.balances.transferKeepAlive(alice().address, UNIT), s))), 60_000, 'burst');
  });
});

describe('interval sealing', () => {
  const chain = useDevChain({ sealing: '1000' });

  test('blocks come one per interval, the first one at once, finalized as they come', async () => {
    const seen = [];
    await new Promise((resolve) => {
      let unsub;
      chain.api.rpc.chain.subscribeFinalizedHeads((h) => {
        seen.push({ n: h.number.toNumber(), at: Date.now() });
        if (seen.length === 6) {
          unsub?.();
          resolve();
        }
      }).then((u) => { unsub = u; });
    });
    const first = (await chain.api.rpc.chain.getBlockHash(1)).toHex();
    assert.notEqual(first, '0x' + '00'.repeat(32), 'block 1 exists');
    const gaps = seen.slice(1).map((s, i) => s.at - seen[i].at);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    assert.ok(mean > 500 && mean < 3000, `about one block a second (mean gap ${mean} ms)`);
    assert.deepEqual(seen.map((s) => s.n), seen.map((_, i) => seen[0].n + i), 'no block skipped');
    console.log(JSON.stringify({ start_to_sixth_finalized_ms: seen[5].at - chain.startedAt, mean_gap_ms: mean }));
  });

  test('with polkadot.js defaults, 30 transactions sent right after each new head all land', async () => {
    // Each step: fund a fresh account, and as soon as that is in a block, spend from it (mortal
    // era, signed at the head just seen): no "ancient birth block", no "inability to pay fees".
    const kr = keyring();
    for (let i = 0; i < 30; i++) {
      const fresh = kr.addFromUri(mnemonicGenerate());
      await withTimeout(sendDefault(chain.api, chain.api.tx.balances.transferKeepAlive(fresh.address, 10n * UNIT), alice()), 30_000, `fund ${i}`);
      await withTimeout(sendDefault(chain.api, chain.api.tx.balances.transferKeepAlive(alice().address, UNIT), fresh), 30_000, `spend ${i}`);
    }
  });
});
