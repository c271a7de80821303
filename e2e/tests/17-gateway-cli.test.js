// The `healthchain` client through a gateway, as an integrator scripts it: hash a FHIR document,
// anchor it with the lab gateway's URL sealed in the anchor's pointer, deposit it, find and
// retrieve it as another member (the client follows the pointer to the gateway), export the
// patient's access log as FHIR AuditEvents, and have the document erased; each refusal exits
// non-zero naming its rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blake2AsHex } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { registeredPatient, scratchDir } from '../lib/suite.js';
import { submit, findEvent, scope } from '../lib/chain.js';
import { useGatewayChain, hire } from '../lib/gateway.js';
import { cli } from '../lib/cli.js';

const LAB = 1;
const HOSPITAL = 0;
const { chain, gateways } = useGatewayChain({ lab: { organization: LAB } });


async function grant(patient, grantee, actions, purposes = []) {
  await submit(chain.api, chain.api.tx.consent.grantConsent(
    patient.address, grantee, { decision: 'Permit', scope: scope({ actions, categories: ['LabResult'], purposes }) },
    [], '0x' + 'ab'.repeat(32), null, null, 'Allowed',
  ), patient);
}

test('a lab result through the client: anchor, deposit, refusal, retrieve by pointer, audit export, erasure', async () => {
  const directoryKey = u8aToHex(randomBytes(32)).slice(2);
  const env = { HEALTHCHAIN_URL: chain.node.httpUrl, HEALTHCHAIN_DIRECTORY_KEY: directoryKey };
  const patient = await registeredPatient(chain.api);
  await grant(patient, { Organization: LAB }, ['Store']);
  const tech = await hire(chain.api, '//Eve', 'LabTechnician');
  const doctor = await hire(chain.api, '//Dave', 'Physician');
  const dir = scratchDir('healthchain-cli-');
  const report = Buffer.from(JSON.stringify({ resourceType: 'DiagnosticReport', status: 'final', code: { text: 'HbA1c' }, n: u8aToHex(randomBytes(8)) }));
  const file = join(dir, 'report.json');
  writeFileSync(file, report);

  const hashed = await cli(['document', 'hash', '--file', file]);
  assert.equal(hashed.json.contentHash, blake2AsHex(report, 256));
  const anchored = await cli(['document', 'anchor', '--file', file, '--patient', patient.address, '--category', 'LabResult',
    '--type', 'DiagnosticReport', '--label', 'N', '--gateway', gateways.lab.url, '--suri', tech.secretUri], env);
  assert.equal(anchored.code, 0, anchored.stderr);
  const id = anchored.json.anchor;
  // The ledger holds the gateway's URL only sealed.
  const block = await chain.api.rpc.chain.getBlock(anchored.json.block);
  assert.ok(!Buffer.from(block.toU8a()).includes(Buffer.from(gateways.lab.url)), 'no plain location on chain');

  const deposited = await cli(['document', 'deposit', '--file', file, '--patient', patient.address, '--gateway', gateways.lab.url,
    '--suri', tech.secretUri], env);
  assert.equal(deposited.code, 0, deposited.stderr);
  assert.equal(deposited.json.type, 'transaction-response');

  const out = join(dir, 'retrieved.json');
  const refused = await cli(['document', 'retrieve', '--anchor', String(id), '--purpose', 'TREAT', '--out', out, '--suri', doctor.secretUri], env);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /403, DenyNoConsent/);
  assert.match(refused.stderr, /Consent::request_access/);

  await grant(patient, { Member: { account: doctor.address, organization: HOSPITAL } }, ['Access'], ['TREAT']);
  const found = await cli(['document', 'find', '--patient', patient.address, '--gateway', gateways.lab.url, '--suri', doctor.secretUri], env);
  assert.equal(found.json.total, 1);
  const got = await cli(['document', 'retrieve', '--anchor', String(id), '--out', out, '--suri', doctor.secretUri], env);
  assert.equal(got.code, 0, got.stderr);
  assert.equal(got.json.gateway, gateways.lab.url, 'the client followed the anchor\'s pointer');
  assert.ok(readFileSync(out).equals(report), 'the exact bytes');
  const otherKey = await cli(['document', 'retrieve', '--anchor', String(id), '--suri', doctor.secretUri],
    { ...env, HEALTHCHAIN_DIRECTORY_KEY: u8aToHex(randomBytes(32)).slice(2) });
  assert.notEqual(otherKey.code, 0);
  assert.match(otherKey.stderr, /does not open under this directory key/);

  // The patient's access log as FHIR AuditEvents: the refusal and the release, both by the physician.
  let events = [];
  for (let i = 0; i < 50 && events.length < 2; i++) {
    const audit = await cli(['audit', 'export', '--patient', patient.address], env);
    assert.equal(audit.json.resourceType, 'Bundle');
    events = audit.json.entry.map((e) => e.resource).filter((e) => e.agent[0].who.identifier.value === doctor.address);
    if (events.length < 2) await new Promise((r) => setTimeout(r, 500));
  }
  assert.deepEqual(events.map((e) => e.outcome).sort(), ['0', '4']);
  for (const e of events) {
    assert.equal(e.resourceType, 'AuditEvent');
    assert.equal(e.action, 'R');
    assert.equal(e.purposeOfEvent[0].coding[0].code, 'TREAT');
    assert.deepEqual(e.entity[1].what.identifier, { system: 'urn:healthchain:anchor', value: String(id) });
  }

  const notYours = await cli(['document', 'erase', '--anchor', String(id), '--suri', doctor.secretUri], env);
  assert.notEqual(notYours.code, 0);
  assert.match(notYours.stderr, /403/);
  const erased = await cli(['document', 'erase', '--anchor', String(id), '--suri', patient.secretUri], env);
  assert.equal(erased.code, 0, erased.stderr);
  const gone = await cli(['document', 'retrieve', '--anchor', String(id), '--out', out, '--suri', doctor.secretUri], env);
  assert.notEqual(gone.code, 0);
  assert.match(gone.stderr, /410/);
});
