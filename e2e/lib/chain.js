// polkadot.js helpers, used the way a real client would: fresh accounts per test, and every
// dependent step waits until the previous extrinsic is in a block.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicGenerate, blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';
import { u8aConcat, u8aToHex, stringToU8a } from '@polkadot/util';

export const UNIT = 1_000_000_000_000n;

export async function connect(url) {
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
  await api.isReady;
  return api;
}

export function keyring() {
  return new Keyring({ type: 'sr25519', ss58Format: 42 });
}

export function alice() {
  return keyring().addFromUri('//Alice');
}

/**
 * Sign and send `tx` from `signer` (`options`: polkadot.js signer options, e.g. `{ nonce }`);
 * resolve when it is in a block — or, with `{ finalized: true }`, when that block is finalized, as
 * a client on a network with competing block authors does before a dependent step (a block can be
 * retracted, and the transaction with it). Rejects with the module error's `section.name` if the
 * extrinsic failed, so tests can assert on pallet errors.
 */
export function submit(api, tx, signer, options = {}) {
  const { finalized = false, ...signerOptions } = options;
  return submitOnce(api, tx, signer, signerOptions, finalized);
}

function submitOnce(api, tx, signer, options, waitForFinality) {
  return new Promise((resolve, reject) => {
    let unsub;
    tx.signAndSend(signer, options, (result) => {
      const { status, dispatchError, events } = result;
      if (dispatchError) {
        unsub?.();
        if (dispatchError.isModule) {
          const meta = api.registry.findMetaError(dispatchError.asModule);
          const err = new Error(`${meta.section}.${meta.name}`);
          err.section = meta.section;
          err.name = meta.name;
          err.module = `${meta.section}.${meta.name}`;
          reject(err);
        } else {
          const err = new Error(dispatchError.toString());
          err.module = dispatchError.toString();
          reject(err);
        }
        return;
      }
      // The dev sealer finalizes each block as it seals it, so the pool may report a
      // transaction straight as Finalized without an InBlock step.
      if (status.isFinalized || (status.isInBlock && !waitForFinality)) {
        unsub?.();
        resolve({ blockHash: status.isInBlock ? status.asInBlock : status.asFinalized, events });
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        unsub?.();
        reject(new Error(`transaction ${status.type}`));
      }
    })
      .then((u) => {
        unsub = u;
      })
      .catch(reject);
  });
}

/**
 * Resolve with the first head (`finalized`: finalized head) whose number is at least `number`;
 * rejects after `timeoutMs`. What a client does instead of sleeping.
 */
export function headAtLeast(api, number, { finalized = false, timeoutMs = 60_000 } = {}) {
  const subscribe = finalized ? api.rpc.chain.subscribeFinalizedHeads : api.rpc.chain.subscribeNewHeads;
  return new Promise((resolve, reject) => {
    let unsub;
    const timer = setTimeout(() => { unsub?.(); reject(new Error(`no ${finalized ? 'finalized ' : ''}head #${number} after ${timeoutMs} ms`)); }, timeoutMs);
    subscribe((h) => {
      if (h.number.toNumber() >= number) {
        clearTimeout(timer);
        unsub?.();
        resolve(h);
      }
    }).then((u) => { unsub = u; }).catch(reject);
  });
}

/** Resolve once the block `blockHash` (from `submit`) is finalized. */
export async function finalized(api, blockHash) {
  const header = await api.rpc.chain.getHeader(blockHash);
  return headAtLeast(api, header.number.toNumber(), { finalized: true });
}

/**
 * Resolve with `done()`'s first truthy answer, checking every 100 ms; rejects naming `what` after
 * `timeoutMs`.
 */
export async function eventually(done, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await done();
    if (answer) return answer;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Alice funds every fresh account; her transfers are serialised so nonces never collide.
let funding = Promise.resolve();

/**
 * A fresh sr25519 account from a new mnemonic, funded by Alice with `amount` (`options`: those of
 * `submit`).
 */
export async function freshAccount(api, amount = 1000n * UNIT, options = {}) {
  const mnemonic = mnemonicGenerate();
  const pair = keyring().addFromUri(mnemonic);
  // Kept for clients that sign on their own (the `healthchain` command-line client).
  pair.secretUri = mnemonic;
  const job = funding.then(() =>
    submit(api, api.tx.balances.transferKeepAlive(pair.address, amount), alice(), options),
  );
  funding = job.catch(() => {});
  await job;
  return pair;
}

/**
 * A salted identity commitment as a patient's wallet computes it, bound to the account that
 * registers it: blake2_256("healthchain/identity/v2" ‖ salt ‖ identifier ‖ account).
 */
export function identityCommitment(identifier, salt, address) {
  if (!address) throw new Error('identityCommitment binds the commitment to the registering account');
  return u8aToHex(blake2AsU8a(u8aConcat(stringToU8a('healthchain/identity/v2'), salt, stringToU8a(identifier), decodeAddress(address)), 256));
}

export function findEvent(events, section, method) {
  return events.find(({ event }) => event.section === section && event.method === method)?.event;
}

/** A dev keyring account ('//Alice', '//Bob//stash', …). */
export function dev(uri) {
  return keyring().addFromUri(uri);
}

/**
 * Pass `call` through the consortium council as a real council would: Alice proposes it with a
 * threshold of 2 (a strict majority of Alice, Bob and Charlie), Alice and Bob vote aye, Charlie
 * closes it. `options` go to each step's `submit` (e.g. `{ finalized: true }`).
 * Resolves with the events of the block that executed it.
 */
export async function councilExecute(api, call, options = {}) {
  const step = (tx, signer) => submit(api, tx, signer, options);
  const lengthBound = call.method.encodedLength ?? call.encodedLength;
  const proposed = await step(api.tx.council.propose(2, call, lengthBound), dev('//Alice'));
  const ev = findEvent(proposed.events, 'council', 'Proposed');
  if (!ev) throw new Error('council proposal not recorded');
  const index = ev.data.proposalIndex;
  const hash = ev.data.proposalHash;
  // Depending on the collective's version the proposer's aye is implicit; vote explicitly and
  // tolerate a duplicate vote.
  await step(api.tx.council.vote(hash, index, true), dev('//Alice')).catch((e) => {
    if (e.module !== 'council.DuplicateVote') throw e;
  });
  await step(api.tx.council.vote(hash, index, true), dev('//Bob'));
  const info = await api.call.transactionPaymentCallApi.queryCallInfo(call, lengthBound);
  const closed = await step(api.tx.council.close(hash, index, info.weight, lengthBound), dev('//Charlie'));
  const executed = findEvent(closed.events, 'council', 'Executed');
  if (!executed) throw new Error('council motion did not execute');
  const result = executed.data.result;
  if (result.isErr) {
    const err = result.asErr;
    const meta = err.isModule ? api.registry.findMetaError(err.asModule) : null;
    throw new Error(`council-executed call failed: ${meta ? `${meta.section}.${meta.name}` : err.toString()}`);
  }
  return closed.events;
}

/**
 * Binary Merkle trees of `healthchain_primitives::merkle`: inner node 0x01‖l‖r, odd nodes carried
 * up. A batch's records are declared in groups (subject, category, labels); a record's leaf is
 * 0x00‖SCALE(subject)‖hash‖SCALE(category)‖SCALE(labels), a group's node
 * 0x02‖SCALE(subject)‖SCALE(category)‖SCALE(labels)‖count(u32 LE)‖recordsRoot.
 */
export const merkle = {
  node(l, r) {
    return blake2AsU8a(u8aConcat(new Uint8Array([1]), l, r), 256);
  },
  levels(leaves) {
    const levels = [leaves];
    while (levels[levels.length - 1].length > 1) {
      const cur = levels[levels.length - 1];
      const next = [];
      for (let i = 0; i < cur.length; i += 2) next.push(i + 1 < cur.length ? merkle.node(cur[i], cur[i + 1]) : cur[i]);
      levels.push(next);
    }
    return levels;
  },
  root(leaves) {
    const levels = merkle.levels(leaves);
    return levels[levels.length - 1][0];
  },
  proof(leaves, index) {
    const out = [];
    let idx = index;
    for (const level of merkle.levels(leaves).slice(0, -1)) {
      const sib = idx ^ 1;
      if (sib < level.length) out.push(level[sib]);
      idx = Math.floor(idx / 2);
    }
    return out;
  },
  /** The SCALE parts of a group, typed from the chain's metadata. */
  groupParts(api, { subject, category, labels }) {
    const type = api.tx.recordAnchors.anchorBatch.meta.args[0].type.toString().replace(/^Vec<(.*)>$/, '$1');
    const g = api.createType(type, { subject, category, labels, count: 0, recordsRoot: new Uint8Array(32) });
    return { subject: g.subject.toU8a(), category: g.category.toU8a(), labels: g.labels.toU8a() };
  },
  recordLeaf(parts, hash) {
    return blake2AsU8a(u8aConcat(new Uint8Array([0]), parts.subject, hash, parts.category, parts.labels), 256);
  },
  groupNode(parts, count, recordsRoot) {
    const n = new Uint8Array(4);
    new DataView(n.buffer).setUint32(0, count, true);
    return blake2AsU8a(u8aConcat(new Uint8Array([2]), parts.subject, parts.category, parts.labels, n, recordsRoot), 256);
  },
};

/** A consent provision scope in the shape the chain expects. */
export function scope({ actions = [], categories = [], resourceTypes = [], purposes = [], labels = [] }) {
  return {
    actions,
    categories,
    resourceTypes,
    purposes,
    labels,
  };
}

/** Plain JSON-RPC over HTTP, as an auditor's script would call it. */
export async function rpcHttp(httpUrl, method, params, timeoutMs = 60_000) {
  const res = await fetch(httpUrl, {
    method: 'POST',
    signal: AbortSignal.timeout(timeoutMs),
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return res.json();
}
