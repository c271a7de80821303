// Foundation: a real client against a real dev node: chain name, metadata, a balance
// transfer that lands, and a clean shutdown.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { useDevChain } from '../lib/suite.js';
import { alice, freshAccount, submit, UNIT, keyring, headAtLeast } from '../lib/chain.js';
import { mnemonicGenerate } from '@polkadot/util-crypto';

const chain = useDevChain();

after(() => {
  assert.equal(chain.exit?.signal, null, 'node stopped by itself after SIGINT');
  assert.equal(chain.exit?.code, 0, 'node exited cleanly');
});

test('dev chain identifies itself and exposes runtime metadata', async () => {
  const name = (await chain.api.rpc.system.chain()).toString();
  assert.equal(name, 'Healthchain Development');
  assert.equal(chain.api.runtimeVersion.specName.toString(), 'healthchain');
  const pallets = chain.api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
  for (const name of ['System', 'ParachainSystem', 'Balances', 'Aura', 'CollatorSelection', 'Council', 'PatientIdentity']) {
    assert.ok(pallets.includes(name), `metadata lists ${name}`);
  }
  const props = await chain.api.rpc.system.properties();
  assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'HCU');
});

test('blocks are produced by the dev sealer', async () => {
  const first = (await chain.api.rpc.chain.getHeader()).number.toNumber();
  const later = (await headAtLeast(chain.api, first + 1, { timeoutMs: 10_000 })).number.toNumber();
  assert.ok(later > first, `height advanced from ${first} to ${later}`);
});

test('a balance transfer from Alice lands in a block and the balance is readable', async () => {
  const dest = keyring().addFromUri(mnemonicGenerate());
  const amount = 42n * UNIT;
  const { blockHash, events } = await submit(chain.api, chain.api.tx.balances.transferKeepAlive(dest.address, amount), alice());
  assert.ok(events.some(({ event }) => chain.api.events.balances.Transfer.is(event)), 'Transfer event emitted');
  const header = await chain.api.rpc.chain.getHeader(blockHash);
  assert.ok(header.number.toNumber() > 0);
  const { data } = await chain.api.query.system.account(dest.address);
  assert.equal(data.free.toBigInt(), amount);
});

test('a transfer beyond the balance is refused with a clear error', async () => {
  const poor = await freshAccount(chain.api, 2n * UNIT);
  const other = keyring().addFromUri(mnemonicGenerate());
  await assert.rejects(
    submit(chain.api, chain.api.tx.balances.transferKeepAlive(other.address, 1000n * UNIT), poor),
    (e) => /balances\.|Inability to pay|FundsUnavailable|Invalid/.test(e.message),
  );
});
