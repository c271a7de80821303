// The consortium network for real: a rococo-local relay chain (two validators, the `polkadot` node
// installed from the package registry) validates and finalizes the Healthchain parachain collated
// by two members (the hospital's dave, the laboratory's eve), started by zombienet. What a
// consortium relies on: relay-chain finality, a transaction seen alike from every member's node, a
// collator dying and coming back, a member joining, and a runtime upgrade through governance.
// Every wait is bounded; every process started here is stopped in `after`.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blake2AsHex } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { connect, submit, dev, headAtLeast, eventually, freshAccount, findEvent, councilExecute, identityCommitment } from '../lib/chain.js';
import { freePort, nodeBinary } from '../lib/node.js';
import { scratchDir } from '../lib/suite.js';
import { labConsent, anchorTx } from '../lib/population.js';
import { startNetwork, pidOf, rssMiB, headHash, auraAuthor, relaySpecOf, paraSpec, rpcAt, PARA_ID, ROOT } from '../lib/network.js';

const MINUTE = 60_000;
// Several collators author here, so a block can be retracted: every dependent step waits for
// finality, as a member's system does.
const FINAL = { finalized: true };
// How the collators follow the relay chain: `rpc` (default; --relay-chain-rpc-urls) or `embedded`
// (an in-process relay-chain node each): HEALTHCHAIN_NETWORK_RELAY.
const RELAY = process.env.HEALTHCHAIN_NETWORK_RELAY ?? 'rpc';
const figures = { relay: RELAY };

describe('consortium network: relay chain, members\' collators', { timeout: 60 * MINUTE }, () => {
  let network;
  let relay;
  let dave;
  let eve;
  let anchored;
  const started = [];

  before(async () => {
    const dir = join(scratchDir('healthchain-network-'), 'zombie');
    const t0 = Date.now();
    network = await startNetwork(dir, { relay: RELAY });
    figures.spawnSeconds = (Date.now() - t0) / 1000;
    relay = await connect(network.getNodeByName('alice').wsUri);
    dave = await connect(network.getNodeByName('dave').wsUri);
    eve = await connect(network.getNodeByName('eve').wsUri);
    await headAtLeast(dave, 1, { finalized: true, timeoutMs: 10 * MINUTE });
    figures.firstFinalizedParaBlockSeconds = (Date.now() - t0) / 1000;
  });

  after(async () => {
    for (const api of [relay, dave, eve]) await api?.disconnect().catch(() => {});
    for (const p of started) await p.stop();
    await network?.stop();
    console.log(`network figures: ${JSON.stringify(figures)}`);
    const out = join(ROOT, 'e2e/artifacts');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `network-figures-${RELAY}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  });

  it('parachain blocks are backed and finalized by the relay chain', async () => {
    // Block time: ten new best blocks on one member's node. Finality lag: from the moment a block
    // is imported there to the moment it is reported finalized.
    const imported = new Map();
    const lags = [];
    const unsubNew = await dave.rpc.chain.subscribeNewHeads((h) => {
      if (!imported.has(h.number.toNumber())) imported.set(h.number.toNumber(), Date.now());
    });
    const unsubFinal = await dave.rpc.chain.subscribeFinalizedHeads((h) => {
      const at = imported.get(h.number.toNumber());
      if (at !== undefined) lags.push(Date.now() - at);
    });
    try {
      const start = (await dave.rpc.chain.getHeader()).number.toNumber();
      const startedAt = Date.now();
      await headAtLeast(dave, start + 10, { timeoutMs: 5 * MINUTE });
      figures.paraBlockSeconds = (Date.now() - startedAt) / 1000 / 10;
      await eventually(() => lags.length >= 5, 'five blocks seen imported, then finalized', 5 * MINUTE);
      figures.finalityLagSeconds = lags.reduce((a, b) => a + b, 0) / lags.length / 1000;
    } finally {
      unsubNew();
      unsubFinal();
    }
    // The relay chain's record of our parachain's head, at its finalized block, is a block of ours
    // that the collators hold and count as finalized.
    let included;
    await eventually(async () => {
      const at = await relay.rpc.chain.getFinalizedHead();
      const head = await (await relay.at(at)).query.paras.heads(PARA_ID);
      if (head.isNone) return false;
      const hash = headHash(head.unwrap().toU8a(true));
      const header = await dave.rpc.chain.getHeader(hash).catch(() => null);
      if (!header) return false;
      const fin = await dave.rpc.chain.getHeader(await dave.rpc.chain.getFinalizedHead());
      included = { hash, number: header.number.toNumber() };
      return fin.number.toNumber() >= included.number;
    }, 'a relay-finalized para head finalized on the parachain', 3 * MINUTE);
    const canonical = await eve.rpc.chain.getBlockHash(included.number);
    assert.equal(canonical.toHex(), included.hash, 'both members hold the block the relay chain finalized');
    const best = (await dave.rpc.chain.getHeader()).number.toNumber();
    const fin = (await dave.rpc.chain.getHeader(await dave.rpc.chain.getFinalizedHead())).number.toNumber();
    figures.finalityLagBlocks = best - fin;
    figures.paraIdRegistered = (await relay.query.paras.parachains()).map((p) => p.toNumber());
    assert.ok(figures.paraIdRegistered.includes(PARA_ID));
  });

  it('the registered runtime is under the relay chain\'s code limit and passes check-runtime', async () => {
    const config = await relay.query.configuration.activeConfig();
    const maxCodeSize = config.maxCodeSize.toNumber();
    const code = await relay.query.paras.currentCodeHash(PARA_ID);
    const stored = await relay.query.paras.codeByHash(code.unwrap());
    const bytes = stored.unwrap().toU8a(true);
    figures.registeredCodeBytes = bytes.length;
    figures.relayMaxCodeSize = maxCodeSize;
    assert.ok(bytes.length < maxCodeSize, `${bytes.length} bytes under ${maxCodeSize}`);
    const file = join(scratchDir('healthchain-code-'), 'registered.wasm');
    writeFileSync(file, bytes);
    const check = spawnSync(nodeBinary(), ['check-runtime', file, '--max-code-size', String(maxCodeSize)], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /fit for a relay chain/);
    assert.match(check.stdout, /0 missing/);
  });

  it('a transaction submitted to one member\'s collator is finalized and served alike by the other', async () => {
    const patient = await freshAccount(dave, undefined, FINAL);
    await submit(dave, dave.tx.patientIdentity.register(identityCommitment('id', crypto.getRandomValues(new Uint8Array(32)), patient.address)), patient, FINAL);
    await submit(dave, labConsent(dave, patient), patient, FINAL);
    const technician = dev('//Charlie//stash');
    const { blockHash, events } = await submit(dave, anchorTx(dave, patient), technician, FINAL);
    const ev = findEvent(events, 'recordAnchors', 'RecordAnchored');
    assert.ok(ev, 'RecordAnchored');
    const header = await dave.rpc.chain.getHeader(blockHash);
    await headAtLeast(dave, header.number.toNumber(), { finalized: true, timeoutMs: 3 * MINUTE });
    await headAtLeast(eve, header.number.toNumber(), { finalized: true, timeoutMs: 3 * MINUTE });
    const at = (await dave.rpc.chain.getBlockHash(header.number.toNumber())).toHex();
    assert.equal((await eve.rpc.chain.getBlockHash(header.number.toNumber())).toHex(), at, 'one finalized chain');
    const answer = (name) => rpcAt(network.getNodeByName(name).wsUri, 'health_anchorsOfPatient', [patient.address, null, null, at]);
    const fromDave = JSON.stringify(await answer('dave'));
    const fromEve = JSON.stringify(await answer('eve'));
    assert.equal(fromEve, fromDave, 'both members answer health_anchorsOfPatient alike');
    const page = JSON.parse(fromDave);
    assert.equal(page.total, 1, fromDave);
    assert.equal(String(page.items[0].id), ev.data.id.toString(), fromDave);
    anchored = { patient, at, answer: fromDave, number: header.number.toNumber() };
  });

  it('one member\'s collator dies (SIGKILL); the other carries on; it restarts, syncs and authors again', async () => {
    assert.ok(anchored, 'runs after the transaction test');
    const daveKey = dev('//Dave').publicKey;
    const pid = pidOf(network, 'dave');
    assert.ok(pid, 'zombienet knows dave\'s process');
    const finBefore = (await eve.rpc.chain.getHeader(await eve.rpc.chain.getFinalizedHead())).number.toNumber();
    // Kill with SIGKILL, wait a minute, restart on the same base path (zombienet's restart).
    await dave.disconnect();
    const restarted = network.getNodeByName('dave').restart(60);
    await eventually(() => spawnSync('kill', ['-0', String(pid)]).status !== 0, 'dave\'s process gone', MINUTE);
    await headAtLeast(eve, finBefore + 3, { finalized: true, timeoutMs: 4 * MINUTE });
    figures.finalizedWhileOneCollatorDown = true;
    await restarted;
    dave = await connect(network.getNodeByName('dave').wsUri);
    // Nothing finalized is lost: the anchor's block is still there, with the same answer.
    assert.equal((await dave.rpc.chain.getBlockHash(anchored.number)).toHex(), anchored.at);
    const again = await rpcAt(network.getNodeByName('dave').wsUri, 'health_anchorsOfPatient', [anchored.patient.address, null, null, anchored.at]);
    assert.equal(JSON.stringify(again), anchored.answer);
    // It syncs to the network's finalized head and authors a block again.
    const finNow = (await eve.rpc.chain.getHeader(await eve.rpc.chain.getFinalizedHead())).number.toNumber();
    await headAtLeast(dave, finNow, { finalized: true, timeoutMs: 4 * MINUTE });
    const from = (await dave.rpc.chain.getHeader()).number.toNumber();
    await authoredBy(eve, u8aToHex(daveKey), from, 4 * MINUTE);
  });

  it('a member joins: its collator is added by the council and authors after the session change', async () => {
    // The pharmacy (Ferdie) brings a collator. Its node generates the session keys in its own
    // keystore and proves, with each new key, that they belong to the pharmacy's account
    // (`author_rotateKeysWithOwner`); the pharmacy registers them with that proof; the council adds it.
    const ferdie = dev('//Ferdie');
    const collator = await startCollator('ferdie', scratchDir('healthchain-ferdie-'), network, started);
    const ferdieApi = await connect(collator.url);
    let generated;
    try {
      generated = await rpcAt(collator.url, 'author_rotateKeysWithOwner', [u8aToHex(ferdie.publicKey)]);
      // It syncs the parachain before it can author.
      await headAtLeast(ferdieApi, (await eve.rpc.chain.getHeader()).number.toNumber(), { timeoutMs: 4 * MINUTE });
    } finally {
      await ferdieApi.disconnect();
    }
    assert.ok(generated.proof, 'the runtime proves the keys\' ownership');
    // The runtime's session keys are Aura's alone: the 32 bytes of the new sr25519 key.
    const aura = generated.keys;
    // Without the proof the keys are refused by name.
    await assert.rejects(submit(eve, eve.tx.session.setKeys(aura, '0x'), ferdie, FINAL), { module: 'session.InvalidProof' });
    await submit(eve, eve.tx.session.setKeys(aura, generated.proof), ferdie, FINAL);
    await councilExecute(eve, eve.tx.collatorSelection.addInvulnerable(ferdie.address), FINAL);
    const invulnerables = (await eve.query.collatorSelection.invulnerables()).map((a) => a.toString());
    assert.ok(invulnerables.includes(ferdie.address), 'ferdie is a collator on chain');
    const from = (await eve.rpc.chain.getHeader()).number.toNumber();
    // Keys registered now take effect after the next session change (ten-block sessions).
    const block = await authoredBy(eve, aura, from, 8 * MINUTE);
    figures.joinedCollatorFirstBlock = block;
  });

  it('a runtime upgrade authorised by Root (Sudo, the bootstrap key) is applied on the running network, state intact', async () => {
    const before = await eve.rpc.state.getRuntimeVersion();
    const next = before.specVersion.toNumber() + 1;
    // The next version, built by the test from a copy of the tree with spec_version + 1.
    const build = spawnSync('bash', [join(ROOT, 'scripts/build-runtime.sh'), '--fast-runtime', '--spec-version', String(next)], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(build.status, 0, build.stderr.slice(-4000));
    const file = build.stdout.trim().split('\n').pop();
    const code = readFileSync(file);
    // `authorize_upgrade` is Root-only in FRAME; Root is the Sudo key while the network bootstraps.
    // Once authorised, anyone may submit the code (and pays nothing if it matches).
    const { events } = await submit(eve, eve.tx.sudo.sudo(eve.tx.system.authorizeUpgrade(blake2AsHex(code, 256))), dev('//Alice'), FINAL);
    assert.ok(findEvent(events, 'system', 'UpgradeAuthorized'), 'UpgradeAuthorized');
    await submit(eve, eve.tx.system.applyAuthorizedUpgrade(u8aToHex(code)), dev('//Ferdie'), FINAL);
    // The relay chain lets the new code in after its upgrade delay; the collators then run it.
    // Each member's node is asked on a connection of its own (an API object re-initialises itself
    // when the runtime changes under it).
    const specOf = async (name) => (await rpcAt(network.getNodeByName(name).wsUri, 'state_getRuntimeVersion', [])).specVersion;
    await eventually(async () => (await specOf('eve')) === next, `spec_version ${next} on eve`, 8 * MINUTE);
    await eventually(async () => (await specOf('dave')) === next, `spec_version ${next} on dave`, 4 * MINUTE);
    const after = (await eve.rpc.chain.getHeader()).number.toNumber();
    await headAtLeast(eve, after + 3, { finalized: true, timeoutMs: 4 * MINUTE });
    const relayCode = await relay.query.paras.currentCodeHash(PARA_ID);
    assert.equal(relayCode.unwrap().toHex(), blake2AsHex(code, 256), 'the relay chain validates with the new code');
    const again = await rpcAt(network.getNodeByName('eve').wsUri, 'health_anchorsOfPatient', [anchored.patient.address, null, null, null]);
    assert.equal(JSON.stringify(again), anchored.answer, 'the anchors survive the upgrade');
  });

  it('every node\'s resident memory is measured', () => {
    for (const name of ['alice', 'bob', 'dave', 'eve']) {
      const pid = pidOf(network, name);
      if (pid) figures[`rssMiB_${name}`] = rssMiB(pid);
    }
    for (const p of started) figures[`rssMiB_${p.name}`] = rssMiB(p.child.pid);
    assert.ok(Object.keys(figures).some((k) => k.startsWith('rssMiB_')));
  });

  /** Resolve with the number of the first block from `from` on that `authority` authored. */
  async function authoredBy(api, authority, from, timeoutMs) {
    let found;
    await eventually(async () => {
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      for (let n = from; n <= best && !found; n++) {
        const hash = await api.rpc.chain.getBlockHash(n);
        const { authority: a } = await auraAuthor(api, hash);
        if (a === authority) found = n;
      }
      from = best + 1;
      return found !== undefined;
    }, `a block authored by ${authority}`, timeoutMs);
    return found;
  }
});

/**
 * A collator outside zombienet, started as a joining member starts one (README, "A member joins"):
 * its own base path with a node key generated by the node's `key generate-node-key`, the
 * parachain's bootnodes, the relay chain followed as the others follow it. Added to `started` (so that `after`
 * stops it whatever happens); resolves once its RPC answers; rejects with its log's tail if it exits
 * first.
 */
async function startCollator(name, base, network, started) {
  const spec = paraSpec();
  const key = spawnSync(nodeBinary(), ['key', 'generate-node-key', '--base-path', base, '--chain', spec], { encoding: 'utf8' });
  assert.equal(key.status, 0, `key generate-node-key: ${key.stderr}`);
  const port = await freePort();
  const logPath = join(base, `${name}.log`);
  const log = openSync(logPath, 'a');
  const child = spawn(nodeBinary(), [
    '--collator', '--chain', spec, '--base-path', base, '--rpc-port', String(port), '--port', String(await freePort()),
    '--no-hardware-benchmarks', '--no-prometheus', '--no-telemetry',
    '--bootnodes', ...network.paras[PARA_ID].nodes.map((n) => n.multiAddress).filter(Boolean),
    ...(RELAY === 'embedded' ? [] : ['--relay-chain-rpc-urls', network.getNodeByName('alice').wsUri]),
    '--', '--chain', relaySpecOf(network), '--port', String(await freePort()), '--no-prometheus',
  ], { stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise((r) => child.on('exit', r));
  const collator = {
    name,
    child,
    url: `ws://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(t);
    },
  };
  started.push(collator);
  await eventually(async () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = readFileSync(logPath, 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(`${name}'s collator exited (${child.exitCode ?? child.signalCode}):\n${tail}`);
    }
    return rpcAt(collator.url, 'system_health', []).then(() => true, () => false);
  }, `${name}'s collator answers RPC`, 2 * MINUTE);
  return collator;
}
