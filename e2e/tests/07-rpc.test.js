// health_* JSON-RPC: every curl example of docs/rpc.md runs against a fresh dev node, and every
// method refuses bad parameters with a JSON-RPC error that says what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useDevChain } from '../lib/suite.js';
import { rpcHttp } from '../lib/chain.js';

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
