// Load generation and accounting, shared by the load/crash tests and the throughput harness
// (scripts/bench-throughput.sh): extrinsics are signed up front (immortal, explicit nonces), sent
// over several WebSocket connections as fast as the pool takes them, and every one is accounted
// for from the blocks' events — included with success, included with a named dispatch error, or
// refused by the pool with its reason.
import { WsProvider } from '@polkadot/api';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { keyring, UNIT } from './chain.js';

/** Several JSON-RPC connections to one node, used round-robin. */
export class Connections {
  constructor(url, count = 4) {
    this.url = url;
    this.providers = Array.from({ length: count }, () => new WsProvider(url, 1000, {}, 120_000));
    this.next = 0;
  }

  async ready() {
    await Promise.all(this.providers.map((p) => p.isReady));
    return this;
  }

  pick() {
    const p = this.providers[this.next];
    this.next = (this.next + 1) % this.providers.length;
    return p;
  }

  /** `author_submitExtrinsic`: resolves `{ hash }` or `{ refused }` (the pool's reason). */
  async submit(hex) {
    try {
      return { hash: await this.pick().send('author_submitExtrinsic', [hex]) };
    } catch (e) {
      return { refused: poolReason(e) };
    }
  }

  /**
   * `author_submitAndWatchExtrinsic`, as a client that wants to know each transaction's fate:
   * resolves `{ hash }` once the pool accepted it, or `{ refused }`; `onDropped(status)` is
   * called if the pool later drops it or finds it invalid. The watch ends once it is in a block.
   */
  async submitWatched(hex, onDropped) {
    const provider = this.pick();
    let id;
    let ended = false;
    const end = () => {
      ended = true;
      if (id !== undefined) provider.unsubscribe('author_extrinsicUpdate', 'author_unwatchExtrinsic', id).catch(() => {});
    };
    try {
      id = await provider.subscribe('author_extrinsicUpdate', 'author_submitAndWatchExtrinsic', [hex], (error, status) => {
        if (error || ended) return;
        const kind = typeof status === 'string' ? status : Object.keys(status ?? {})[0];
        if (kind === 'inBlock' || kind === 'finalized') end();
        else if (kind === 'invalid' || kind === 'dropped' || kind === 'usurped') {
          end();
          onDropped(kind);
        }
      });
      if (ended) end();
      return { hash: true };
    } catch (e) {
      return { refused: poolReason(e) };
    }
  }

  async close() {
    await Promise.all(this.providers.map((p) => p.disconnect().catch(() => {})));
  }
}

/** The pool's reason for refusing a transaction, from a JSON-RPC error. */
export function poolReason(e) {
  const msg = String(e?.message ?? e);
  const data = e?.data ? `: ${e.data}` : '';
  return `${msg}${data}`.replace(/\s+/g, ' ').trim();
}

/**
 * Submit `items` (`{ hex, ... }`, in the order their nonces require per signer) keeping at most
 * `window` submissions in flight. Each item gets `submitted` (its hash) or `refused` (a reason).
 */
export async function submitAll(conns, items, window = 256, { watch = false } = {}) {
  let i = 0;
  const worker = async () => {
    while (i < items.length) {
      const item = items[i++];
      const r = watch
        ? await conns.submitWatched(item.hex, (status) => { item.refused = `accepted, then ${status} by the pool`; })
        : await conns.submit(item.hex);
      if (r.hash) item.submitted = r.hash;
      else item.refused = r.refused;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: Math.min(window, items.length) }, worker));
  return Date.now() - started;
}

/**
 * Follows new best blocks and records, for each, its number, timestamp, extrinsic count, the
 * outcome of every extrinsic (by hash) and the weight it used.
 */
export class BlockTracker {
  constructor(api) {
    this.api = api;
    this.blocks = [];
    this.outcomes = new Map(); // extrinsic hash -> { block, index, ok, error }
    this.waiters = [];
    this.lastNumber = null;
    this.queue = Promise.resolve();
  }

  async start() {
    const header = await this.api.rpc.chain.getHeader();
    this.lastNumber = header.number.toNumber();
    this.startNumber = this.lastNumber;
    this.unsub = await this.api.rpc.chain.subscribeNewHeads((h) => {
      const n = h.number.toNumber();
      // Blocks can arrive faster than they are read; read each number once, in order.
      this.queue = this.queue.then(() => this.catchUp(n)).catch((e) => {
        this.error = e;
      });
    });
    return this;
  }

  async catchUp(upTo) {
    while (this.lastNumber < upTo) {
      const n = this.lastNumber + 1;
      const hash = await this.api.rpc.chain.getBlockHash(n);
      await this.read(n, hash);
      this.lastNumber = n;
    }
    this.waiters = this.waiters.filter((w) => !w());
  }

  async read(number, hash) {
    const [block, events, at] = await Promise.all([
      this.api.rpc.chain.getBlock(hash),
      this.api.query.system.events.at(hash),
      this.api.at(hash),
    ]);
    const [timestamp, weight] = await Promise.all([at.query.timestamp.now(), at.query.system.blockWeight()]);
    const record = {
      number,
      hash: hash.toHex(),
      timestamp: timestamp.toNumber(),
      extrinsics: block.block.extrinsics.length,
      signed: 0,
      refTime: 0n,
      proofSize: 0n,
    };
    for (const cls of ['normal', 'operational', 'mandatory']) {
      record.refTime += weight[cls].refTime.toBigInt();
      record.proofSize += weight[cls].proofSize.toBigInt();
    }
    block.block.extrinsics.forEach((ex, index) => {
      if (!ex.isSigned) return;
      record.signed += 1;
      const mine = events.filter((e) => e.phase.isApplyExtrinsic && e.phase.asApplyExtrinsic.toNumber() === index);
      const failed = mine.find((e) => e.event.section === 'system' && e.event.method === 'ExtrinsicFailed');
      let error = null;
      if (failed) {
        const de = failed.event.data.dispatchError;
        if (de.isModule) {
          const meta = this.api.registry.findMetaError(de.asModule);
          error = `${meta.section}.${meta.name}`;
        } else {
          error = de.type;
        }
      }
      this.outcomes.set(ex.hash.toHex(), {
        block: number,
        index,
        ok: !failed,
        error,
        events: mine.map((e) => `${e.event.section}.${e.event.method}`),
      });
    });
    this.blocks.push(record);
  }

  /** Resolves once `done()` holds after some block, or rejects after `timeoutMs`. */
  until(done, timeoutMs) {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`not done after ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (this.error) {
          clearTimeout(timer);
          reject(this.error);
          return true;
        }
        if (!done()) return false;
        clearTimeout(timer);
        resolve();
        return true;
      };
      this.waiters.push(check);
    });
  }

  /** Resolves after `n` more blocks. */
  blocksLater(n, timeoutMs = 120_000) {
    const target = this.lastNumber + n;
    return this.until(() => this.lastNumber >= target, timeoutMs);
  }

  stop() {
    this.unsub?.();
  }
}

/**
 * Sort every item into exactly one fate: `included` (with success), `failed` (included with a
 * named dispatch error), `refused` (by the pool, with its reason) or `unaccounted` (accepted by
 * the pool and never included).
 */
export function account(items, tracker) {
  const fate = { included: [], failed: [], refused: [], unaccounted: [] };
  for (const item of items) {
    const outcome = item.hashHex ? tracker.outcomes.get(item.hashHex) : undefined;
    if (outcome) {
      item.outcome = outcome;
      (outcome.ok ? fate.included : fate.failed).push(item);
    } else if (item.refused) {
      fate.refused.push(item);
    } else {
      fate.unaccounted.push(item);
    }
  }
  return fate;
}

/** Counts of `values` by key. */
export function tally(values) {
  const out = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** A signed, immortal extrinsic from `pair` with `nonce`, as `{ hex, hashHex }`. */
export function presign(api, tx, pair, nonce) {
  // Immortal, signed against the genesis hash: no birth block can fall out of reach however long
  // the extrinsic waits.
  const signed = tx.sign(pair, {
    nonce,
    blockHash: api.genesisHash,
    genesisHash: api.genesisHash,
    runtimeVersion: api.runtimeVersion,
    signedExtensions: api.registry.signedExtensions,
    era: api.createType('ExtrinsicEra'),
  });
  return { hex: signed.toHex(), hashHex: signed.hash.toHex(), signer: pair.address, nonce };
}

/** `count` fresh sr25519 accounts (not funded). */
export function freshPairs(count) {
  const kr = keyring();
  return Array.from({ length: count }, () => {
    const mnemonic = mnemonicGenerate();
    const pair = kr.addFromUri(mnemonic);
    pair.secretUri = mnemonic;
    return pair;
  });
}

/** The next nonce of `address` as the pool sees it. */
export async function nextNonce(api, address) {
  return (await api.rpc.system.accountNextIndex(address)).toNumber();
}

/**
 * Fund `pairs` from `funder` with `amount` each: one pre-signed transfer per account with
 * consecutive nonces, all submitted at once; waits until every one is included.
 */
export async function fundAll(api, conns, tracker, funder, pairs, amount = 1000n * UNIT) {
  let nonce = await nextNonce(api, funder.address);
  const items = pairs.map((p) => ({
    kind: 'fund',
    ...presign(api, api.tx.balances.transferKeepAlive(p.address, amount), funder, nonce++),
  }));
  await settle(api, conns, tracker, items);
  return items;
}

/**
 * Submit `items` and wait until each is included or refused; throws, naming them, if any failed,
 * was refused or was lost.
 */
export async function settle(api, conns, tracker, items, timeoutMs = 600_000) {
  await submitAll(conns, items);
  await tracker.until(() => items.every((i) => i.refused || tracker.outcomes.has(i.hashHex)), timeoutMs);
  const fate = account(items, tracker);
  const bad = [...fate.failed, ...fate.refused, ...fate.unaccounted];
  if (bad.length) {
    const why = tally(bad.map((i) => `${i.kind}: ${i.outcome?.error ?? i.refused ?? 'lost'}`));
    throw new Error(`set-up extrinsics did not all land: ${JSON.stringify(why)}`);
  }
  return items;
}
