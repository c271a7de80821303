// Throughput harness (run by scripts/bench-throughput.sh): starts a dev node with 6-second
// blocks, sets up funded senders, lab technicians of the (compliant) demo laboratory and
// patients consenting to it — untimed —, then measures side by side, each phase repeated and the
// phases interleaved:
//   transfers/s, single anchors/s, batch-anchored records/s (and groups/s), consent checks/s
//   through the runtime API, access records/s.
// Extrinsics are signed beforehand and sent over several connections; what *lands* is counted
// from the blocks' events, per block and per second of block timestamps. Prints a table
// (min/median/max over the rounds, extrinsics per block, block weight and proof size used) and
// writes it as JSON; also measures the state bytes one anchor adds.
//
//   node bench/throughput.js [--rounds 3] [--out throughput.json] [--scale 1]
//                            [--phases transfers,anchors,batches,checks,access]
// Environment: HEALTHCHAIN_NODE (the node binary, e.g. a release build), HEALTHCHAIN_SEALING
// (block interval in ms, default 6000).
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { startNode, nodeBinary } from '../lib/node.js';
import { connect, UNIT, merkle } from '../lib/chain.js';
import { Connections, BlockTracker, submitAll, presign, account, tally } from '../lib/load.js';
import { population, anchorTx, accessTx, LAB } from '../lib/population.js';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const ROUNDS = Number(args.rounds ?? 3);
const SCALE = Number(args.scale ?? 1);
const OUT = args.out ?? 'throughput.json';
const PHASES = (args.phases ?? 'transfers,anchors,batches,checks,access').split(',');
const SEALING = process.env.HEALTHCHAIN_SEALING ?? '6000';
const GROUP_SIZE = 50;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0;
};
const log = (...a) => console.error(new Date().toISOString().slice(11, 19), ...a);

/** Per-signer nonce counters, so that each phase continues where the last one stopped. */
class Nonces {
  constructor() { this.next = new Map(); }
  take(pair, initial = 0) {
    const n = this.next.get(pair.address) ?? initial;
    this.next.set(pair.address, n + 1);
    return n;
  }
}

/** Interleave per-signer queues (each in nonce order). */
function interleave(queues) {
  const out = [];
  for (let round = 0; queues.some((q) => round < q.length); round++) {
    for (const q of queues) if (round < q.length) out.push(q[round]);
  }
  return out;
}

/**
 * Submit a phase's extrinsics and wait until each landed or was refused; returns the figures
 * from the blocks that held them.
 */
async function runPhase(name, items, ctx, unitsPer = () => 1) {
  const { conns, tracker } = ctx;
  const start = tracker.lastNumber;
  const started = Date.now();
  await submitAll(conns, items, 512);
  await tracker.until(() => items.every((i) => i.refused || tracker.outcomes.has(i.hashHex)), 1_800_000);
  const wallMs = Date.now() - started;
  const fate = account(items, tracker);
  const mine = new Set(items.map((i) => i.hashHex));
  const blockNumbers = [...new Set(fate.included.concat(fate.failed).map((i) => i.outcome.block))].sort((a, b) => a - b);
  const blocks = tracker.blocks.filter((b) => blockNumbers.includes(b.number));
  const before = tracker.blocks.find((b) => b.number === (blockNumbers[0] ?? start) - 1) ?? tracker.blocks.find((b) => b.number === start);
  const last = blocks[blocks.length - 1];
  const seconds = last && before ? (last.timestamp - before.timestamp) / 1000 : NaN;
  const units = fate.included.reduce((s, i) => s + unitsPer(i), 0);
  const perBlock = blocks.map((b) => [...tracker.outcomes.entries()].filter(([h, o]) => o.block === b.number && mine.has(h)).length);
  const result = {
    phase: name,
    submitted: items.length,
    included: fate.included.length,
    failed: tally(fate.failed.map((i) => i.outcome.error)),
    refused: tally(fate.refused.map((i) => i.refused)),
    lost: fate.unaccounted.length,
    blocks: blocks.length,
    seconds,
    per_second: units / seconds,
    units,
    wall_ms: wallMs,
    per_block: perBlock,
    ref_time_ms: blocks.map((b) => Number(b.refTime / 1_000_000_000n)),
    proof_kb: blocks.map((b) => Number(b.proofSize / 1024n)),
  };
  log(name, JSON.stringify({ included: result.included, blocks: result.blocks, per_second: result.per_second.toFixed(1), per_block: perBlock }));
  return result;
}

/** Read-only consent checks through the runtime API, as fast as `parallel` callers get answers. */
async function checks(apis, queries, parallel = 64) {
  let i = 0;
  let done = 0;
  const started = Date.now();
  const worker = async (w) => {
    const api = apis[w % apis.length];
    while (i < queries.length) {
      const q = queries[i++];
      await api.call.consentApi.checkAccess(q);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: parallel }, (_, w) => worker(w)));
  const seconds = (Date.now() - started) / 1000;
  const result = { phase: 'consent checks', included: done, per_second: done / seconds, seconds };
  log('consent checks', JSON.stringify({ done, per_second: result.per_second.toFixed(1) }));
  return result;
}

/** Bytes (keys and values) the state gains while `action` runs, over all keys but per-block ones. */
async function stateBytes(api, action) {
  const snapshot = async () => {
    const sizes = new Map();
    let start;
    for (;;) {
      const page = await api.rpc.state.getKeysPaged('0x', 1000, start);
      if (!page.length) break;
      // Well-known `:` keys (the 9 MB `:code`…) do not change here and are too big to fetch.
      const keys = page.filter((k) => !k.toHex().startsWith('0x3a'));
      const values = keys.length ? await api.rpc.state.queryStorageAt(keys) : [];
      keys.forEach((k, idx) => sizes.set(k.toHex(), (k.toU8a(true).length) + (values[idx]?.isSome ? values[idx].unwrap().length : 0)));
      start = page[page.length - 1];
      if (page.length < 1000) break;
    }
    return sizes;
  };
  const ephemeral = [api.query.system.events, api.query.system.eventCount, api.query.system.eventTopics, api.query.system.blockWeight]
    .map((q) => q.keyPrefix());
  const a = await snapshot();
  const n = await action();
  const b = await snapshot();
  let bytes = 0;
  let keys = 0;
  for (const [k, size] of b) {
    if (ephemeral.some((p) => k.startsWith(p))) continue;
    const old = a.get(k);
    if (old === undefined) { keys += 1; bytes += size; } else bytes += size - old;
  }
  return { items: n, bytes_per_item: bytes / n, keys_per_item: keys / n };
}

async function main() {
  log(`node ${nodeBinary()}, sealing ${SEALING} ms, ${ROUNDS} rounds, scale ${SCALE}`);
  const node = await startNode({ sealing: SEALING });
  const api = await connect(node.url);
  const conns = await new Connections(node.url, 8).ready();
  const tracker = await new BlockTracker(api).start();
  const apis = await Promise.all(Array.from({ length: 4 }, () => connect(node.url)));
  try {
    const n = (x) => Math.max(1, Math.round(x * SCALE));
    const perTransferSender = n(100);
    const perTech = n(60);
    // As many single anchors as transfers, so the two phases fill the same number of blocks when
    // they cost the same.
    const anchorsPerTech = Math.round((perTransferSender * n(64)) / n(32));
    // Enough batches to fill several blocks, so that what is measured is what a block holds.
    const batchesPerTech = n(12);
    const groupsPerBatch = 64;
    log('set-up (untimed)');
    const { senders, technicians, patients } = await population(api, conns, tracker, {
      senders: n(64), technicians: n(32), patients: Math.max(groupsPerBatch, n(256)),
    });
    const nonces = new Nonces();
    for (const p of patients) nonces.take(p, 0), nonces.take(p, 0); // register + consent

    // State bytes per anchor, on a quiet chain, in a provider's steady state: each of 10
    // technicians anchors once first (untimed, uncounted: the first anchor of an author may open
    // per-author state such as a deposit), then 3 anchors each are measured.
    const anchorEach = async (perTech) => {
      const items = technicians.slice(0, 10).flatMap((t, i) => Array.from({ length: perTech }, (_, k) => ({
        kind: 'anchor', ...presign(api, anchorTx(api, patients[(i * perTech + k) % patients.length]), t, nonces.take(t)),
      })));
      await submitAll(conns, items);
      await tracker.until(() => items.every((i) => i.refused || tracker.outcomes.has(i.hashHex)), 600_000);
      await tracker.blocksLater(1);
      return items.filter((i) => tracker.outcomes.get(i.hashHex)?.ok).length;
    };
    await anchorEach(1);
    const perAnchor = await stateBytes(api, () => anchorEach(3));
    log('state per anchor', JSON.stringify(perAnchor));

    const phases = {
      transfers: () => runPhase('transfers', interleave(senders.map((s, i) => Array.from({ length: perTransferSender }, () => ({
        kind: 'transfer', ...presign(api, api.tx.balances.transferKeepAlive(senders[(i + 1) % senders.length].address, UNIT), s, nonces.take(s)),
      })))), ctx),
      anchors: () => runPhase('single anchors', interleave(technicians.map((t, i) => Array.from({ length: anchorsPerTech }, (_, k) => ({
        kind: 'anchor', ...presign(api, anchorTx(api, patients[(i * anchorsPerTech + k) % patients.length]), t, nonces.take(t)),
      })))), ctx),
      batches: () => runPhase('batch records', interleave(technicians.map((t, i) => Array.from({ length: batchesPerTech }, (_, k) => {
        const groups = Array.from({ length: groupsPerBatch }, (_, g) => {
          const subject = { Patient: patients[(i * batchesPerTech * groupsPerBatch + k * groupsPerBatch + g) % patients.length].address };
          const parts = merkle.groupParts(api, { subject, category: 'LabResult', labels: [] });
          const leaves = Array.from({ length: GROUP_SIZE }, () => merkle.recordLeaf(parts, blake2AsU8a(randomBytes(32), 256)));
          return { subject, category: 'LabResult', labels: [], count: GROUP_SIZE, recordsRoot: u8aToHex(merkle.root(leaves)) };
        });
        return {
          kind: 'batch', records: GROUP_SIZE * groupsPerBatch, groups: groupsPerBatch,
          ...presign(api, api.tx.recordAnchors.anchorBatch(groups, 'DiagnosticReport', 'Identified', 'TREAT'), t, nonces.take(t)),
        };
      }))), ctx, (i) => i.records),
      checks: () => checks(apis, Array.from({ length: n(3000) }, (_, k) => ({
        requester: technicians[k % technicians.length].address,
        patient: patients[k % patients.length].address,
        action: 'Access', category: 'LabResult', resourceType: null, labels: [], purpose: 'TREAT',
      }))),
      access: () => runPhase('access records', interleave(technicians.map((t, i) => Array.from({ length: perTech }, (_, k) => ({
        kind: 'access', ...presign(api, accessTx(api, patients[(i * perTech + k) % patients.length]), t, nonces.take(t)),
      })))), ctx),
    };
    const ctx = { conns, tracker };
    const results = {};
    for (const key of PHASES) if (!phases[key]) throw new Error(`unknown phase ${key}; expected ${Object.keys(phases)}`);
    for (let r = 0; r < ROUNDS; r++) {
      for (const [key, run] of Object.entries(phases).filter(([k]) => PHASES.includes(k))) {
        log(`round ${r + 1}: ${key}`);
        (results[key] ??= []).push(await run());
      }
    }

    const summary = Object.fromEntries(Object.entries(results).map(([key, rs]) => {
      const rates = rs.map((x) => x.per_second);
      return [key, {
        min: Math.min(...rates), median: median(rates), max: Math.max(...rates),
        per_block_median: median(rs.flatMap((x) => x.per_block ?? [])),
        ref_time_ms_median: median(rs.flatMap((x) => x.ref_time_ms ?? [])),
        proof_kb_median: median(rs.flatMap((x) => x.proof_kb ?? [])),
        lost: rs.reduce((s, x) => s + (x.lost ?? 0), 0),
      }];
    }));
    const transfers = summary.transfers?.median ?? NaN;
    for (const s of Object.values(summary)) s.ratio_to_transfers = s.median / transfers;
    if (summary.batches && summary.anchors) {
      summary.batch_groups = Object.fromEntries(['min', 'median', 'max'].map((k) => [k, summary.batches[k] / GROUP_SIZE]));
      summary.batch_groups.ratio_to_single_anchors = summary.batch_groups.median / summary.anchors.median;
    }
    const report = {
      date: new Date().toISOString(), node: nodeBinary(), sealing_ms: Number(SEALING), rounds: ROUNDS, scale: SCALE,
      state_per_anchor: perAnchor, summary, rounds_detail: results,
    };
    writeFileSync(OUT, JSON.stringify(report, null, 2));

    const rows = [['measure', 'min/s', 'median/s', 'max/s', '× transfers', 'per block', 'ref_time ms', 'proof KB']];
    const label = { transfers: 'transfers', anchors: 'single anchors', batches: `batch records (${GROUP_SIZE}/group)`, checks: 'consent checks (runtime API)', access: 'access records' };
    for (const [key, s] of Object.entries(summary)) {
      if (key === 'batch_groups') continue;
      rows.push([label[key] ?? key, s.min.toFixed(1), s.median.toFixed(1), s.max.toFixed(1), s.ratio_to_transfers.toFixed(2),
        key === 'checks' ? '-' : String(s.per_block_median), key === 'checks' ? '-' : String(s.ref_time_ms_median), key === 'checks' ? '-' : String(s.proof_kb_median)]);
    }
    if (summary.batch_groups) {
      const g = summary.batch_groups;
      rows.push(['batch groups', g.min.toFixed(1), g.median.toFixed(1), g.max.toFixed(1), `${g.ratio_to_single_anchors.toFixed(2)} × anchors`, '-', '-', '-']);
    }
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows) console.log(r.map((x, c) => x.padEnd(widths[c])).join('  '));
    console.log(`state added per anchor: ${perAnchor.bytes_per_item.toFixed(0)} bytes in ${perAnchor.keys_per_item.toFixed(1)} new keys`);
    const lost = Object.values(summary).reduce((s, x) => s + (x.lost ?? 0), 0);
    console.log(`lost (accepted, never included): ${lost}; report: ${OUT}`);
  } finally {
    tracker.stop();
    await conns.close();
    await Promise.all(apis.map((a) => a.disconnect()));
    await api.disconnect();
    await node.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

export { LAB };
