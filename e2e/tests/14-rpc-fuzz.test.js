// Malformed input at the node's edges, bounded and reproducible (seeded): random and truncated
// JSON, huge and deeply nested arrays, wrong parameter types, unknown methods, oversized
// requests over HTTP and WebSocket, and `author_submitExtrinsic` with corrupted SCALE. The node
// answers each with an error (never a crash or a hang), and a transfer still lands afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { useDevChain } from '../lib/suite.js';
import { hexToU8a } from '@polkadot/util';
import { submit, freshAccount, alice, UNIT, rpcHttp } from '../lib/chain.js';
import { presign } from '../lib/load.js';

const chain = useDevChain({ sealing: '1000' });

/** A small seeded PRNG (mulberry32), so a failure can be replayed. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const METHODS = [
  'chain_getBlockHash', 'chain_getBlock', 'chain_getHeader', 'state_getStorage', 'state_call', 'state_getKeysPaged',
  'system_accountNextIndex', 'author_submitExtrinsic', 'payment_queryInfo', 'health_checkAccess', 'health_patientStatus',
  'health_consentsFhir', 'health_clock', 'health_anchorsOfPatient', 'health_verifyRecord', 'health_accessLog',
  'health_mayActFor', 'health_breakGlassEpisodes', 'rpc_methods', 'no_such_method', 'health_', 'author_pendingExtrinsics',
];

function randomValue(r, depth = 0) {
  const k = Math.floor(r() * (depth > 3 ? 6 : 9));
  switch (k) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return Math.floor((r() - 0.5) * 2 ** 53);
    case 3: return r() * 1e300;
    case 4: return '0x' + Array.from({ length: Math.floor(r() * 80) }, () => Math.floor(r() * 16).toString(16)).join('');
    case 5: return String.fromCharCode(...Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 0xd7ff)));
    case 6: return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
    case 7: return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`k${i}`, randomValue(r, depth + 1)]));
    default: return { requester: randomValue(r, depth + 1), patient: '5' + 'x'.repeat(47), action: 'Access', purpose: 42 };
  }
}

/** One malformed HTTP request body. */
function malformedBody(r) {
  const valid = JSON.stringify({ jsonrpc: '2.0', id: 1, method: METHODS[Math.floor(r() * METHODS.length)], params: [randomValue(r)] });
  switch (Math.floor(r() * 8)) {
    case 0: return valid.slice(0, Math.floor(r() * valid.length)); // truncated
    case 1: return Buffer.from(Array.from({ length: Math.floor(r() * 200) }, () => Math.floor(r() * 256))); // noise
    case 2: return JSON.stringify({ jsonrpc: '2.0', id: 1, method: METHODS[Math.floor(r() * METHODS.length)], params: Array.from({ length: 3 }, () => randomValue(r)) });
    case 3: return JSON.stringify({ jsonrpc: '1.0', id: randomValue(r), method: randomValue(r), params: randomValue(r) });
    case 4: return '['.repeat(1 + Math.floor(r() * 5000)) + ']'.repeat(Math.floor(r() * 5000));
    case 5: return JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_getBlockHash', params: [Array.from({ length: 100_000 }, (_, i) => i)] });
    case 6: return JSON.stringify(Array.from({ length: 1 + Math.floor(r() * 200) }, (_, i) => ({ jsonrpc: '2.0', id: i, method: METHODS[i % METHODS.length], params: [randomValue(r)] })));
    default: return valid;
  }
}

async function post(httpUrl, body) {
  const res = await fetch(httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  return { status: res.status, text };
}

function isAnswer({ status, text }) {
  if (status !== 200) return status >= 400 && status < 500; // refused before JSON-RPC (e.g. too large)
  const parsed = JSON.parse(text);
  const one = (m) => m && m.jsonrpc === '2.0' && ('result' in m || (m.error && typeof m.error.code === 'number' && typeof m.error.message === 'string'));
  return Array.isArray(parsed) ? parsed.every(one) : one(parsed);
}

test('malformed JSON-RPC over HTTP: 1,500 seeded cases, each answered with an error or a result', { timeout: 600_000 }, async () => {
  const r = rng(SEED);
  const outcomes = {};
  for (let i = 0; i < 1500; i++) {
    const body = malformedBody(r);
    const res = await post(chain.node.httpUrl, body);
    assert.ok(isAnswer(res), `case ${i} (seed ${SEED}): unexpected answer ${res.status} ${res.text.slice(0, 200)}`);
    const key = res.status !== 200 ? `http ${res.status}` : (() => {
      const p = JSON.parse(res.text);
      const m = Array.isArray(p) ? p[0] : p;
      return m?.error ? `error ${m.error.code}` : 'result';
    })();
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
  console.log(JSON.stringify({ seed: SEED, outcomes }));
  assert.ok((outcomes['error -32700'] ?? 0) > 0, 'parse errors were answered as such');
  assert.ok((outcomes['error -32601'] ?? 0) > 0 || (outcomes['error -32602'] ?? 0) > 0, 'bad methods and params were answered as such');
});

test('an oversized request is refused, and so is an oversized WebSocket frame, without harm', { timeout: 120_000 }, async () => {
  const huge = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'author_submitExtrinsic', params: ['0x' + '00'.repeat(16 * 1024 * 1024)] });
  // The node refuses a body over its request limit (15 MiB) with 413 or by closing the connection
  // while it is still being sent; either way it reads no further.
  const res = await post(chain.node.httpUrl, huge).catch((e) => ({ status: 'closed', text: String(e.cause?.code ?? e.message) }));
  assert.ok(res.status === 413 || res.status === 'closed' || (res.status === 200 && JSON.parse(res.text).error), `oversized body: ${res.status} ${res.text.slice(0, 120)}`);

  const ws = new WebSocket(chain.node.url);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  const closed = new Promise((resolve) => ws.once('close', resolve));
  const answers = [];
  ws.on('message', (m) => answers.push(String(m)));
  ws.send('{"jsonrpc":"2.0","id":1,"method":"chain_getHeader"'); // truncated
  ws.send(Buffer.from([0xff, 0x00, 0x13]));
  ws.send(huge);
  await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
  ws.terminate();
  assert.ok(answers.length >= 1, 'malformed WebSocket messages were answered before any close');
  for (const a of answers) assert.ok(JSON.parse(a).error, `an error: ${a.slice(0, 120)}`);
});

test('author_submitExtrinsic with corrupted SCALE: 500 seeded mutations of a signed transfer, each refused with a reason', { timeout: 600_000 }, async () => {
  const { api } = chain;
  const r = rng(SEED + 1);
  const sender = await freshAccount(api);
  const nonce = (await api.rpc.system.accountNextIndex(sender.address)).toNumber();
  const signed = presign(api, api.tx.balances.transferKeepAlive(alice().address, UNIT), sender, nonce);
  const good = hexToU8a(signed.hex);
  const reasons = {};
  for (let i = 0; i < 500; i++) {
    const bytes = Uint8Array.from(good);
    let mutated;
    switch (Math.floor(r() * 5)) {
      case 0: { // flip a byte
        const at = Math.floor(r() * bytes.length);
        bytes[at] ^= 1 + Math.floor(r() * 255);
        mutated = bytes;
        break;
      }
      case 1: mutated = bytes.slice(0, Math.floor(r() * bytes.length)); break; // truncated
      case 2: mutated = Uint8Array.from([...bytes, ...Array.from({ length: 1 + Math.floor(r() * 64) }, () => Math.floor(r() * 256))]); break;
      case 3: mutated = Uint8Array.from(Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256))); break;
      default: { // a wrong length prefix
        bytes[0] = Math.floor(r() * 256);
        mutated = bytes;
      }
    }
    const hex = '0x' + Buffer.from(mutated).toString('hex');
    const res = await rpcHttp(chain.node.httpUrl, 'author_submitExtrinsic', [hex]);
    if (res.result) {
      // The node decodes one extrinsic from the front of the bytes and ignores what follows it, so
      // bytes appended to the genuine transfer submit that very transfer; no corruption may ever
      // yield any other accepted transaction (the signature covers everything that matters).
      assert.equal(res.result, signed.hashHex, `mutation ${i} (seed ${SEED + 1}) was accepted as another transaction: ${hex}`);
      reasons['accepted as the genuine transfer (trailing bytes ignored)'] = (reasons['accepted as the genuine transfer (trailing bytes ignored)'] ?? 0) + 1;
      continue;
    }
    assert.equal(typeof res.error.message, 'string');
    const key = `${res.error.code} ${res.error.message}`.slice(0, 60);
    reasons[key] = (reasons[key] ?? 0) + 1;
  }
  console.log(JSON.stringify({ seed: SEED + 1, reasons }));
  // The node is still up and the untouched transfer lands.
  const health = await rpcHttp(chain.node.httpUrl, 'system_health', []);
  assert.ok(health.result, 'the node answers');
  await submit(api, api.tx.balances.transferKeepAlive(alice().address, UNIT), sender);
});
