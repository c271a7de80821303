// health_* JSON-RPC: every curl example of docs/rpc.md runs against a fresh dev node, every
// method refuses bad parameters with a JSON-RPC error that says what is wrong, the OpenRPC document
// the node serves describes what it answers, and polkadot.js calls the methods typed from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useDevChain } from '../lib/suite.js';
import { ApiPromise, WsProvider } from '@polkadot/api';
import Ajv from 'ajv';
import { rpcHttp } from '../lib/chain.js';
import { healthRpc } from '../../sdk/health-rpc.js';

const chain = useDevChain();

const docs = readFileSync(fileURLToPath(new URL('../../docs/rpc.md', import.meta.url)), 'utf8');
const examples = [...docs.matchAll(/```sh\n(curl [^\n]+)\n```/g)].map((m) => m[1]);

test('docs/rpc.md documents every health_* method with a curl example', async () => {
  const methods = (await rpcHttp(chain.node.httpUrl, 'rpc_methods', [])).result.methods.filter((m) => m.startsWith('health_'));
  assert.ok(methods.length >= 12, `health methods served: ${methods}`);
  for (const m of methods) {
    assert.ok(docs.includes(`## ${m}(`), `${m} has a section`);
    assert.ok(examples.some((e) => e.includes(`"method":"${m}"`)), `${m} has a curl example`);
  }
});

test('every curl example of docs/rpc.md runs and answers as documented', () => {
  assert.ok(examples.length >= 12);
  for (const cmd of examples) {
    const local = cmd.replace('http://127.0.0.1:9944', chain.node.httpUrl);
    const out = JSON.parse(execFileSync('sh', ['-c', local], { encoding: 'utf8' }));
    if (cmd.includes('health_verifyRecord')) {
      assert.equal(out.error.code, -32602, 'documented: unknown anchor on a fresh chain');
      assert.match(out.error.message, /unknown anchor 0/);
    } else {
      assert.ok('result' in out, `${cmd} → ${JSON.stringify(out)}`);
    }
  }
});

test('documented answers on a fresh dev chain', async () => {
  const h = chain.node.httpUrl;
  const status = (await rpcHttp(h, 'health_patientStatus', ['5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8'])).result;
  assert.equal(status.registered, true);
  assert.match(status.commitment, /^0x[0-9a-f]{64}$/);
  assert.deepEqual((await rpcHttp(h, 'health_membership', ['5CRmqmsiNFExV6VbdmPJViVxrWmkaXXvBrSX8oqBT8R9vmWk'])).result,
    { organization: 0, kind: 'Hospital', role: 'Physician' });
  assert.equal((await rpcHttp(h, 'health_membership', ['5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'])).result, null);
  assert.deepEqual((await rpcHttp(h, 'health_isCompliant', [1, 'LabResult'])).result, { organization: 1, category: 'LabResult', compliant: true });
  const refused = (await rpcHttp(h, 'health_isCompliant', [4, 'LabResult'])).result;
  assert.deepEqual(refused, { organization: 4, category: 'LabResult', compliant: false, reason: 'NotPermittedForKind' },
    'compliance fails closed: research institutes are not permitted lab results');
  const unknown = (await rpcHttp(h, 'health_isCompliant', [999, 'LabResult'])).result;
  assert.deepEqual(unknown, { organization: 999, category: 'LabResult', compliant: false, reason: 'UnknownOrganization' });
  assert.equal((await rpcHttp(h, 'health_mayActFor', ['5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', '5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', 'NOTIFY'])).result, false);
  assert.deepEqual((await rpcHttp(h, 'health_anchorsOfOrganization', [1, 0, 10])).result, { items: [], next: null, total: 0 });
});

test('historical queries: the state at an earlier block', async () => {
  const h = chain.node.httpUrl;
  const genesis = (await rpcHttp(h, 'chain_getBlockHash', [0])).result;
  const atGenesis = (await rpcHttp(h, 'health_patientStatus', ['5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', genesis])).result;
  assert.equal(atGenesis.registered, true);
  assert.equal(atGenesis.block, genesis);
});

test('bad parameters get clear JSON-RPC errors', async () => {
  const h = chain.node.httpUrl;
  const cases = [
    ['health_patientStatus', ['not-an-address'], /not an SS58 address/],
    ['health_patientStatus', ['0x1234'], /expected 32 bytes/],
    ['health_patientStatus', ['0xzz'], /bad hex/],
    ['health_patientStatus', ['5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', '0x' + '00'.repeat(32)], /unknown block/],
    ['health_mayActFor', ['5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', '5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', 'FLY'], /unknown delegate action `FLY`/],
    ['health_membership', [''], /not an SS58 address/],
    ['health_isCompliant', [1, 'Horoscope'], /unknown record category `Horoscope`/],
    ['health_checkAccess', [{ requester: 'x', patient: 'y', action: 'Access', category: 'Imaging', purpose: 'TREAT' }], /account `x`/],
    ['health_checkAccess', [{ requester: '5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', patient: '5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', action: 'Steal', category: 'Imaging', purpose: 'TREAT' }], /unknown action `Steal`/],
    ['health_checkAccess', [{ requester: '5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', patient: '5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', action: 'Access', category: 'Imaging', purpose: 'FUN' }], /unknown purpose of use `FUN`/],
    ['health_checkAccess', [{ requester: '5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', patient: '5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', action: 'Access', category: 'Imaging', purpose: 'TREAT', labels: ['SECRET'] }], /unknown security label `SECRET`/],
    ['health_checkAccess', [{ requester: '5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', patient: '5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', action: 'Access', category: 'Imaging', purpose: 'TREAT', labels: Array(100000).fill('N') }], /at most 16 security labels, got 100000/],
    ['health_accessLog', ['nope'], /not an SS58 address/],
    ['health_breakGlassEpisodes', ['0x00'], /expected 32 bytes/],
    ['health_overdueBreakGlass', ['zero'], /invalid type|Invalid params/i],
    ['health_anchorsByHash', ['abcd'], /expected 0x-prefixed hex/],
    ['health_anchorsByHash', ['0x1234'], /expected 32 bytes, got 2/],
    ['health_anchorsOfPatient', ['5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', 0, 0], /limit must be between 1 and 100/],
    ['health_anchorsOfPatient', ['5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', 0, 1000], /limit must be between 1 and 100/],
    ['health_anchorsOfOrganization', [1, 0, 101], /limit must be between 1 and 100/],
    ['health_verifyRecord', [7, '0x' + '11'.repeat(32)], /unknown anchor 7/],
    ['health_verifyRecord', [0, '0x11'], /expected 32 bytes/],
  ];
  for (const [method, params, pattern] of cases) {
    const out = await rpcHttp(h, method, params);
    assert.ok(out.error, `${method}(${JSON.stringify(params)}) must fail, got ${JSON.stringify(out)}`);
    assert.equal(out.error.code, -32602, `${method}: invalid-params code`);
    assert.match(out.error.message, pattern, `${method}: ${out.error.message}`);
  }
});

const openrpc = JSON.parse(readFileSync(fileURLToPath(new URL('../../docs/openrpc.json', import.meta.url)), 'utf8'));

test('rpc.discover serves docs/openrpc.json, which describes exactly the health_* methods served', async () => {
  const h = chain.node.httpUrl;
  assert.deepEqual((await rpcHttp(h, 'rpc.discover', [])).result, openrpc);
  const served = (await rpcHttp(h, 'rpc_methods', [])).result.methods.filter((m) => m.startsWith('health_')).sort();
  assert.deepEqual(openrpc.methods.map((m) => m.name).filter((n) => n.startsWith('health_')).sort(), served);
});

test('every documented answer fits its OpenRPC result schema, and parameters work by their documented names', async () => {
  const h = chain.node.httpUrl;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'openrpc', components: openrpc.components });
  for (const cmd of examples) {
    const request = JSON.parse(cmd.match(/-d '([^']+)'/)[1]);
    const method = openrpc.methods.find((m) => m.name === request.method);
    const byPosition = await rpcHttp(h, request.method, request.params);
    if (byPosition.error) continue; // documented errors are checked above
    const schema = JSON.parse(JSON.stringify(method.result.schema).replaceAll('"#/components', '"openrpc#/components'));
    const validate = ajv.compile(schema);
    assert.ok(validate(byPosition.result), `${request.method}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(byPosition.result)}`);
    const named = Object.fromEntries(request.params.map((v, i) => [method.params[i].name, v]));
    assert.deepEqual((await rpcHttp(h, request.method, named)).result, byPosition.result, `${request.method} by name`);
  }
});

test('polkadot.js calls the health_* methods as api.rpc.health.*, typed from the OpenRPC document', async () => {
  const api = await ApiPromise.create({ provider: new WsProvider(chain.node.url), rpc: { health: healthRpc }, noInitWarn: true });
  try {
    assert.deepEqual((await api.rpc.health.membership('5CRmqmsiNFExV6VbdmPJViVxrWmkaXXvBrSX8oqBT8R9vmWk')).toJSON(),
      { organization: 0, kind: 'Hospital', role: 'Physician' });
    assert.deepEqual((await api.rpc.health.isCompliant(4, 'LabResult')).toJSON(),
      { organization: 4, category: 'LabResult', compliant: false, reason: 'NotPermittedForKind' });
    const decision = (await api.rpc.health.checkAccess({
      requester: '5CRmqmsiNFExV6VbdmPJViVxrWmkaXXvBrSX8oqBT8R9vmWk', patient: '5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8',
      action: 'Access', category: 'Imaging', labels: ['N'], purpose: 'TREAT',
    })).toJSON();
    assert.equal(typeof decision.permit, 'boolean');
    const genesis = await api.rpc.chain.getBlockHash(0);
    assert.equal((await api.rpc.health.patientStatus('5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', genesis)).toJSON().block, genesis.toHex());
    assert.equal((await api.rpc.health.mayActFor('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', '5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8', 'NOTIFY')).isFalse, true);
    assert.deepEqual((await api.rpc.health.anchorsOfOrganization(1, 0, 10)).toJSON(), { items: [], next: null, total: 0 });
  } finally {
    await api.disconnect();
  }
});
