// Nothing lost under load: 10,000 mixed extrinsics (transfers, anchors, consent grants, access
// records) sent as fast as the pool takes them, over several connections, and every one
// accounted for — included with success, included with a named dispatch error, or refused by the
// pool with a reason. None may be accepted and then never included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blake2AsHex } from '@polkadot/util-crypto';
import { useDevChain } from '../lib/suite.js';
import { UNIT, scope } from '../lib/chain.js';
import { Connections, BlockTracker, submitAll, account, tally, presign } from '../lib/load.js';
import { population, anchorTx, accessTx, HOSPITAL } from '../lib/population.js';

const chain = useDevChain({ sealing: '1000' });

test('10,000 mixed extrinsics: every one included, failed with a named error or refused with a reason; none lost', { timeout: 1_800_000 }, async () => {
  const { api } = chain;
  // Enough connections for one watch per transaction in flight (a node allows 1,024 each).
  const conns = await new Connections(chain.node.url, 16).ready();
  const tracker = await new BlockTracker(api).start();
  try {
    const { senders, technicians, patients } = await population(api, conns, tracker, {
      senders: 40, technicians: 10, patients: 200,
    });

    // 4,000 transfers, 3,000 anchors, 2,000 access records, 1,000 consent grants, each signer's
    // extrinsics in nonce order, the signers interleaved.
    const perSigner = [];
    senders.forEach((s, i) => {
      perSigner.push(Array.from({ length: 100 }, (_, n) => ({
        kind: 'transfer',
        ...presign(api, api.tx.balances.transferKeepAlive(senders[(i + 1) % senders.length].address, UNIT), s, n),
      })));
    });
    technicians.forEach((t, i) => {
      perSigner.push(Array.from({ length: 500 }, (_, n) => {
        const patient = patients[(i * 500 + n) % patients.length];
        return n % 5 < 3
          ? { kind: 'anchor', ...presign(api, anchorTx(api, patient), t, n) }
          : { kind: 'access', ...presign(api, accessTx(api, patient), t, n) };
      }));
    });
    patients.forEach((p) => {
      perSigner.push(Array.from({ length: 5 }, (_, n) => ({
        kind: 'grant',
        ...presign(api, api.tx.consent.grantConsent(
          p.address, { Organization: HOSPITAL },
          { decision: 'Permit', scope: scope({ actions: ['Access'], categories: ['Imaging'] }) },
          [], blake2AsHex(`imaging terms ${n}`, 256), null, null, 'Allowed',
        ), p, 2 + n),
      })));
    });
    const items = [];
    for (let round = 0; perSigner.some((q) => round < q.length); round++) {
      for (const q of perSigner) if (round < q.length) items.push(q[round]);
    }
    assert.equal(items.length, 10_000);
    assert.deepEqual(tally(items.map((i) => i.kind)), { transfer: 4000, anchor: 3000, access: 2000, grant: 1000 });

    const firstBlock = tracker.lastNumber;
    const submitMs = await submitAll(conns, items, 256, { watch: true });
    // Every accepted extrinsic must land or be reported dropped: wait until each is in a block (or
    // refused), and give up only after 30 blocks in which nothing of ours landed.
    let landed = 0;
    let idle = 0;
    while (!items.every((i) => i.refused || tracker.outcomes.has(i.hashHex))) {
      await tracker.blocksLater(1);
      const now = items.filter((i) => tracker.outcomes.has(i.hashHex)).length;
      idle = now > landed ? 0 : idle + 1;
      landed = now;
      if (idle >= 30) break;
    }
    const fate = account(items, tracker);
    const blocks = tracker.blocks.filter((b) => b.number > firstBlock && b.signed > 0);
    console.log(JSON.stringify({
      submitted_in_ms: submitMs,
      included: tally(fate.included.map((i) => i.kind)),
      failed: tally(fate.failed.map((i) => `${i.kind}: ${i.outcome.error}`)),
      refused: tally(fate.refused.map((i) => `${i.kind}: ${i.refused}`)),
      unaccounted: tally(fate.unaccounted.map((i) => i.kind)),
      blocks: blocks.length,
      per_block: blocks.map((b) => b.signed),
    }));
    if (fate.unaccounted.length) {
      // Where each signer's chain stopped: its account nonce and what became of that extrinsic.
      const stuck = {};
      for (const i of fate.unaccounted) stuck[i.signer] ??= i;
      const detail = [];
      for (const [signer, first] of Object.entries(stuck).slice(0, 10)) {
        const chainNonce = (await api.query.system.account(signer)).nonce.toNumber();
        const next = items.find((i) => i.signer === signer && i.nonce === chainNonce);
        detail.push({ signer: signer.slice(0, 8), chainNonce, firstLost: first.nonce, next: next && { refused: next.refused, outcome: next.outcome, submitted: next.submitted } });
      }
      const pending = new Set((await api.rpc.author.pendingExtrinsics()).map((x) => x.hash.toHex()));
      for (const d of detail) {
        const item = items.find((i) => i.signer.startsWith(d.signer) && i.nonce === d.chainNonce);
        d.inPool = item ? pending.has(item.hashHex) : null;
        d.kind = item?.kind;
        d.hash = item?.hashHex;
      }
      console.log(JSON.stringify({ pending: pending.size, stuck: detail }));
    }
    assert.equal(fate.included.length + fate.failed.length + fate.refused.length + fate.unaccounted.length, 10_000);
    assert.deepEqual(fate.unaccounted.map((i) => i.kind), [], 'accepted by the pool but never included');
    for (const i of fate.failed) assert.match(i.outcome.error, /^\w+\.\w+$/, 'a dispatch error has a name');
    for (const i of fate.refused) assert.ok(i.refused.length > 0, 'a refusal has a reason');
    // Under this load nothing needs to be refused or fail: each signer's nonces are in order,
    // every anchor and access is consented, every account can pay.
    assert.equal(fate.included.length, 10_000, `not all included: ${JSON.stringify(tally([...fate.failed, ...fate.refused].map((i) => i.kind)))}`);
  } finally {
    tracker.stop();
    await conns.close();
  }
});
