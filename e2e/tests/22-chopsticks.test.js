// The production runtime under an executor nobody here wrote: chopsticks (npm
// @acala-network/chopsticks, smoldot's executor compiled to WASM) starts from the production chain
// spec (scripts/chain-spec.sh), agrees with our node on the genesis block, and builds blocks with a
// transfer and a consented anchor in them.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blake2AsHex } from '@polkadot/util-crypto';
import { submit, dev, eventually, findEvent, identityCommitment, UNIT, keyring } from '../lib/chain.js';
import { freePort, nodeBinary } from '../lib/node.js';
import { scratchDir } from '../lib/suite.js';
import { labConsent, anchorTx } from '../lib/population.js';
import { ROOT } from '../lib/network.js';

const MINUTE = 60_000;

function productionSpec() {
  const spec = process.env.HEALTHCHAIN_PRODUCTION_SPEC;
  if (!spec || !existsSync(spec)) {
    throw new Error(`HEALTHCHAIN_PRODUCTION_SPEC must name the raw chain spec of scripts/chain-spec.sh (got ${spec ?? 'nothing'})`);
  }
  return spec;
}

/** The production runtime the spec embeds (scripts/build-runtime.sh), named by the test command. */
function productionWasm() {
  const wasm = process.env.HEALTHCHAIN_PRODUCTION_WASM;
  if (!wasm || !existsSync(wasm)) {
    throw new Error(`HEALTHCHAIN_PRODUCTION_WASM must name the runtime of scripts/build-runtime.sh (got ${wasm ?? 'nothing'})`);
  }
  return wasm;
}

describe('the production runtime under chopsticks', { timeout: 15 * MINUTE }, () => {
  let child;
  let api;
  let exited;
  const dir = scratchDir('healthchain-chopsticks-');

  before(async () => {
    const port = await freePort();
    const log = openSync(join(dir, 'chopsticks.log'), 'a');
    child = spawn(join(ROOT, "e2e/node_modules/.bin/chopsticks"), [
      '--chain-spec', productionSpec(), '--port', String(port), '--build-block-mode', 'Instant',
    ], { stdio: ['ignore', log, log], detached: true });
    closeSync(log);
    exited = new Promise((r) => child.on('exit', r));
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`chopsticks exited: ${readFileSync(join(dir, 'chopsticks.log'), 'utf8').slice(-3000)}`);
      try {
        api = await connectOnce(`ws://127.0.0.1:${port}`);
        return true;
      } catch {
        return false;
      }
    }, 'chopsticks serving RPC', 5 * MINUTE);
  });

  after(async () => {
    await api?.disconnect().catch(() => {});
    if (child && child.exitCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      const t = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }
  });

  it('agrees with our node on the genesis state and runs the production runtime', async () => {
    // Chopsticks names a chain's first block by the runtime's placeholder hash (0x4545…); the
    // state under it is what must agree: the same storage, hashed into a trie by two
    // implementations, gives the same root.
    const genesis = await api.rpc.chain.getHeader(await api.rpc.chain.getBlockHash(0));
    const head = join(dir, 'genesis-head');
    const out = spawnSync(nodeBinary(), ['export-genesis-head', '--chain', productionSpec(), head], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    const ours = api.createType('Header', readFileSync(head, 'utf8').trim());
    assert.equal(ours.number.toNumber(), 0);
    assert.equal(genesis.stateRoot.toHex(), ours.stateRoot.toHex(), 'the same genesis state root from two trie implementations');
    const version = await api.rpc.state.getRuntimeVersion();
    assert.equal(version.specName.toString(), 'healthchain');
    const code = (await api.rpc.state.getStorage('0x3a636f6465')).toU8a(true);
    assert.equal(blake2AsHex(code, 256), blake2AsHex(readFileSync(productionWasm()), 256), 'chopsticks runs the production runtime');
    assert.ok(api.tx.proxy && api.tx.multisig && api.tx.utility, 'the wallets\' pallets are there');
  });

  it('a transfer builds a block', async () => {
    const fresh = keyring().addFromUri(`//chopsticks-${Date.now()}`);
    const before = (await api.rpc.chain.getHeader()).number.toNumber();
    const { events } = await submitAndSettle(api, api.tx.balances.transferKeepAlive(fresh.address, 10n * UNIT), dev('//Alice'));
    assert.ok(findEvent(events, 'balances', 'Transfer'));
    assert.ok((await api.rpc.chain.getHeader()).number.toNumber() > before, 'a new block');
    assert.equal((await api.query.system.account(fresh.address)).data.free.toBigInt(), 10n * UNIT);
  });

  it('a consented anchor builds blocks: register, consent, anchor', async () => {
    const patient = keyring().addFromUri(`//chopsticks-patient-${Date.now()}`);
    const step = (what, promise) => promise.catch((e) => { throw new Error(`${what}: ${e.message}`); });
    await step('fund', submitAndSettle(api, api.tx.balances.transferKeepAlive(patient.address, 100n * UNIT), dev('//Alice')));
    await step('register', submitAndSettle(api, api.tx.patientIdentity.register(identityCommitment('id', crypto.getRandomValues(new Uint8Array(32)), patient.address)), patient));
    await step('consent', submitAndSettle(api, labConsent(api, patient), patient));
    const { events } = await step('anchor', submitAndSettle(api, anchorTx(api, patient), dev('//Charlie//stash')));
    const ev = findEvent(events, 'recordAnchors', 'RecordAnchored');
    assert.ok(ev, 'RecordAnchored under chopsticks');
    assert.equal(ev.data.category.toString(), 'LabResult');
  });
});

/**
 * `submit` with the nonce read from the head's state, then wait until the head shows it spent:
 * chopsticks reports a transaction in a block before its `system_accountNextIndex` sees the new
 * head, and a client asking it for the next nonce would reuse one.
 */
async function submitAndSettle(api, tx, signer) {
  const nonce = (await api.query.system.account(signer.address)).nonce.toNumber();
  const result = await submit(api, tx, signer, { nonce });
  await eventually(async () => (await api.query.system.account(signer.address)).nonce.toNumber() > nonce, 'the nonce spent at the head', 30_000);
  return result;
}

async function connectOnce(url) {
  const { ApiPromise, WsProvider } = await import('@polkadot/api');
  const provider = new WsProvider(url, false);
  await provider.connect();
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no connection')), 2000);
    provider.on('connected', () => { clearTimeout(t); resolve(); });
    provider.on('error', () => { clearTimeout(t); reject(new Error('connection error')); });
  });
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  await api.isReady;
  return api;
}
