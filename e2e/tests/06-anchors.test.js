// pallet-record-anchors through polkadot.js: a lab anchors a report for a consenting patient, the
// document verifies and a tampered one does not, a non-consenting patient is refused, and 1,000
// records are anchored in one batch with an inclusion proof checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { blake2AsU8a, blake2AsHex } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { useDevChain, registeredPatient } from '../lib/suite.js';
import { freshAccount, submit, findEvent, dev, scope, merkle, rpcHttp } from '../lib/chain.js';

const LAB = 1; // the dev chain's demo laboratory (admin //Eve, technician //Charlie//stash), HIPAA-attested at genesis
const labTech = () => dev('//Charlie//stash');

const chain = useDevChain();

async function consentingPatient() {
  const patient = await registeredPatient(chain.api);
  await submit(
    chain.api,
    chain.api.tx.consent.grantConsent(
      patient.address,
      { Organization: LAB },
      { decision: 'Permit', scope: scope({ actions: ['Store', 'Access'], categories: ['LabResult'] }) },
      [],
      '0x' + 'aa'.repeat(32),
      null,
      null, 'Allowed',
    ),
    patient,
  );
  return patient;
}

function anchorTx(patient, contentHash) {
  return chain.api.tx.recordAnchors.anchorRecord(
    { Patient: patient.address },
    contentHash,
    'Blake2b256',
    'LabResult',
    'DiagnosticReport',
    ['N'],
    '0xa1' + u8aToHex(randomBytes(45)).slice(2), // a sealed (encrypted) pointer, opaque to the chain
    null,
    'TREAT', null,
  );
}

test('lab anchors a report for a consenting patient; the document verifies, a tampered one does not', async () => {
  const patient = await consentingPatient();
  const pdf = randomBytes(2048);
  const contentHash = blake2AsHex(pdf, 256);
  const { events, blockHash } = await submit(chain.api, anchorTx(patient, contentHash), labTech());
  const anchored = findEvent(events, 'recordAnchors', 'RecordAnchored');
  assert.ok(anchored, 'RecordAnchored notifies the patient');
  assert.equal(anchored.data.subject.toJSON().patient, patient.address);
  // The sealed pointer travels in the event only; the anchor in state holds no pointer.
  assert.ok(anchored.data.pointer.toHex().startsWith('0xa1'));
  const id = anchored.data.id.toNumber();
  assert.equal((await chain.api.query.recordAnchors.anchors(id)).unwrap().toJSON().pointer, undefined);

  assert.equal((await chain.api.call.anchorsApi.verifyRecord(id, contentHash)).isTrue, true);
  const tampered = Buffer.from(pdf);
  tampered[100] ^= 0xff;
  assert.equal((await chain.api.call.anchorsApi.verifyRecord(id, blake2AsHex(tampered, 256))).isTrue, false);
  // The node's index answers at once (the anchor is read from the block's state until its block
  // is finalized), then with the block it was anchored in.
  const rpc = async (method, params) => {
    const r = await rpcHttp(chain.node.httpUrl, method, params);
    assert.ok(!r.error, JSON.stringify(r.error));
    return r.result;
  };
  const byHash = await rpc('health_anchorsByHash', [contentHash, blockHash.toHex()]);
  assert.deepEqual(byHash.map((a) => [a.id, a.category]), [[id, 'LabResult']]);
  const number = (await chain.api.rpc.chain.getHeader(blockHash)).number.toNumber();
  for (let i = 0; ; i++) {
    const finalized = await chain.api.rpc.chain.getHeader(await chain.api.rpc.chain.getFinalizedHead());
    const [a] = await rpc('health_anchorsByHash', [contentHash]);
    if (a?.anchoredAt != null) { assert.equal(a.anchoredAt, number); break; }
    assert.ok(i < 100, `anchor indexed once finalized (finalized #${finalized.number})`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

test('anchoring for a non-consenting patient is refused with NoConsent', async () => {
  const patient = await registeredPatient(chain.api);
  await assert.rejects(
    submit(chain.api, anchorTx(patient, blake2AsHex(randomBytes(64), 256)), labTech()),
    (e) => e.module === 'recordAnchors.NoConsent',
  );
});

test('1,000 records anchored in one batch; one inclusion proof checks, a tampered or foreign one fails', async () => {
  const patient = await consentingPatient();
  const group = { subject: { Patient: patient.address }, category: 'LabResult', labels: [] };
  const parts = merkle.groupParts(chain.api, group);
  const records = Array.from({ length: 1000 }, () => blake2AsU8a(randomBytes(128), 256));
  const leaves = records.map((h) => merkle.recordLeaf(parts, h));
  const recordsRoot = merkle.root(leaves);
  const { events } = await submit(
    chain.api,
    chain.api.tx.recordAnchors.anchorBatch([{ ...group, count: 1000, recordsRoot: u8aToHex(recordsRoot) }], 'Observation', 'Identified', 'TREAT'),
    labTech(),
  );
  const batch = findEvent(events, 'recordAnchors', 'BatchAnchored');
  assert.ok(batch, 'BatchAnchored');
  assert.equal(batch.data.count.toNumber(), 1000);
  assert.equal(batch.data.groups[0][0].toJSON().patient, patient.address, 'the patient learns a batch holds records about them');
  assert.equal(u8aToHex(merkle.groupNode(parts, 1000, recordsRoot)), batch.data.root.toHex(), 'the chain computed the same root');
  const id = batch.data.id.toNumber();
  const index = 737;
  const proof = {
    ...group, count: 1000, recordsRoot: u8aToHex(recordsRoot), groupIndex: 0, groupPath: [],
    contentHash: u8aToHex(records[index]), index, path: merkle.proof(leaves, index).map((p) => u8aToHex(p)),
  };
  assert.equal((await chain.api.call.anchorsApi.verifyBatchInclusion(id, proof)).isTrue, true);
  assert.equal((await chain.api.call.anchorsApi.verifyBatchInclusion(id, { ...proof, contentHash: u8aToHex(records[index + 1]) })).isTrue, false);
  const stranger = await freshAccount(chain.api);
  assert.equal((await chain.api.call.anchorsApi.verifyBatchInclusion(id, { ...proof, subject: { Patient: stranger.address } })).isTrue, false,
    'a record cannot be passed off as another subject\'s');
});
