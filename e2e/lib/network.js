// The consortium network of network/zombienet.toml, started by zombienet's orchestrator (native
// provider, local binaries) for the network tests: a rococo-local relay chain with two validators
// and the Healthchain parachain collated by two members. Ports are picked free, so a network test
// runs beside anything else on the machine.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { blake2AsHex } from '@polkadot/util-crypto';
import { freePort, nodeBinary } from './node.js';
import { rpcHttp } from './chain.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '../..');
export const PARA_ID = 2000;

function required(name, what) {
  const value = process.env[name];
  if (!value || !existsSync(value)) {
    throw new Error(`${name} must name ${what} (scripts/test.sh sets it; got ${value ?? 'nothing'})`);
  }
  return value;
}

/** The relay-chain node, installed by scripts/install-polkadot.sh. */
export function polkadotBinary() {
  return required('POLKADOT', 'the relay-chain node `polkadot` (scripts/install-polkadot.sh)');
}

/** The parachain's raw chain spec with the production runtime (scripts/chain-spec.sh --fast-runtime). */
export function paraSpec() {
  return required('HEALTHCHAIN_SPEC', 'the raw chain spec of scripts/chain-spec.sh --fast-runtime');
}

/**
 * Start the network in `dir`. `relay`: 'rpc' (collators follow the relay chain over RPC) or
 * 'embedded'. Resolves with zombienet's `Network` once every node answers RPC.
 */
export async function startNetwork(dir, { relay = 'rpc' } = {}) {
  const polkadot = polkadotBinary();
  Object.assign(process.env, {
    POLKADOT: polkadot,
    HEALTHCHAIN_NODE: nodeBinary(),
    HEALTHCHAIN_SPEC: paraSpec(),
    HEALTHCHAIN_RELAY: relay,
    // The relay node looks for its PVF workers next to itself, then on the PATH.
    PATH: `${dirname(polkadot)}:${process.env.PATH}`,
    RELAY_ALICE_RPC_PORT: String(await freePort()),
    RELAY_BOB_RPC_PORT: String(await freePort()),
    DAVE_RPC_PORT: String(await freePort()),
    EVE_RPC_PORT: String(await freePort()),
  });
  // CommonJS packages: their exports may come as named exports or under `default`.
  const utils = await import('@zombienet/utils');
  const orchestrator = await import('@zombienet/orchestrator');
  const readNetworkConfig = utils.readNetworkConfig ?? utils.default.readNetworkConfig;
  const start = orchestrator.start ?? orchestrator.default.start;
  const config = readNetworkConfig(join(ROOT, 'network/zombienet.toml'));
  return start('', config, { spawnConcurrency: 1, dir, logType: 'silent', force: true });
}

/** The operating-system process of zombienet node `name` (native provider). */
export function pidOf(network, name) {
  return network.client.processMap[name]?.pid;
}

/** Resident memory of process `pid` and its children, in MiB (`ps`). */
export function rssMiB(pid) {
  const out = spawnSync('ps', ['-o', 'rss=', '--pid', String(pid), '--ppid', String(pid)], { encoding: 'utf8' }).stdout;
  const kib = out.split('\n').map((l) => Number(l.trim()) || 0).reduce((a, b) => a + b, 0);
  return Math.round(kib / 1024);
}

/** The parachain block hash a relay-chain head-data value stands for (the hash of the header). */
export function headHash(headData) {
  return blake2AsHex(headData, 256);
}

/** The Aura author (account) of parachain block `hash`, from its pre-runtime digest. */
export async function auraAuthor(api, hash) {
  const header = await api.rpc.chain.getHeader(hash);
  const at = await api.at(header.parentHash);
  const authorities = await at.query.aura.authorities();
  const pre = header.digest.logs.find((l) => l.isPreRuntime && l.asPreRuntime[0].toString() === 'aura');
  if (!pre) throw new Error(`block ${hash} has no Aura pre-runtime digest`);
  const slot = api.createType('u64', pre.asPreRuntime[1]).toBigInt();
  const index = Number(slot % BigInt(authorities.length));
  return { slot, authority: authorities[index].toHex(), number: header.number.toNumber() };
}

/** The relay chain's raw spec zombienet wrote for this network. */
export function relaySpecOf(network) {
  const path = network.chainSpecFullPath ?? join(network.tmpDir, 'rococo-local.json');
  if (!existsSync(path)) throw new Error(`no relay chain spec at ${path}`);
  JSON.parse(readFileSync(path, 'utf8'));
  return path;
}

/**
 * One JSON-RPC call to the node at `url` (its ws:// address; the same port serves HTTP), as an
 * auditor's script sends it: resolves with the result, rejects with the node's error or when the
 * node does not answer.
 */
export async function rpcAt(url, method, params) {
  const answer = await rpcHttp(url.replace(/^ws/, 'http'), method, params);
  if (answer.error) throw new Error(`${method}: ${answer.error.message} (${answer.error.code})`);
  return answer.result;
}
