// pallet-patient-identity through polkadot.js: a patient registers a salted commitment and
// names a guardian; both are read back from chain state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { useDevChain } from '../lib/suite.js';
import { freshAccount, submit, identityCommitment, findEvent } from '../lib/chain.js';


const chain = useDevChain();

test('patient registers a commitment and names a guardian, read back from state', async () => {
  const patient = await freshAccount(chain.api);
  const guardian = await freshAccount(chain.api);
  const salt = randomBytes(32);
  const commitment = identityCommitment('NHS-943-476-5919', salt, patient.address);

  const reg = await submit(chain.api, chain.api.tx.patientIdentity.register(commitment), patient);
  const ev = findEvent(reg.events, 'patientIdentity', 'PatientRegistered');
  assert.ok(ev, 'PatientRegistered emitted');
  assert.equal(ev.data.commitment.toHex(), commitment);
  // The identifier never travels: only the commitment is in the event.
  assert.ok(!JSON.stringify(ev.toHuman()).includes('NHS-943'));

  await submit(
    chain.api,
    chain.api.tx.patientIdentity.addDelegate(guardian.address, 'Guardian', ['Notify', 'Recovery'], null),
    patient,
  );

  const info = (await chain.api.query.patientIdentity.patients(patient.address)).unwrap();
  assert.equal(info.commitment.toHex(), commitment);
  const owner = (await chain.api.query.patientIdentity.commitments(commitment)).unwrap();
  assert.ok(owner.isActive);
  assert.equal(owner.asActive.toString(), patient.address);

  const delegates = await chain.api.query.patientIdentity.delegates(patient.address);
  assert.equal(delegates.length, 1);
  assert.equal(delegates[0].account.toString(), guardian.address);
  assert.equal(delegates[0].role.toString(), 'Guardian');
  // The scope reads back by name, in the vocabulary's order.
  assert.deepEqual(delegates[0].scope.toJSON(), ['Notify', 'Recovery']);

  // A deposit is held from the patient for what they added: the registration and the delegate.
  const holds = await chain.api.query.balances.holds(patient.address);
  const held = holds.filter((h) => h.id.toJSON().patientIdentity !== undefined);
  assert.ok(held.length > 0, `patient-identity holds: ${JSON.stringify(holds.toJSON())}`);
  assert.ok(held.every((h) => h.amount.toBigInt() > 0n));
  const { data } = await chain.api.query.system.account(patient.address);
  assert.ok(data.reserved.toBigInt() > 0n, 'held deposits show as reserved');
});

test('registering a commitment already in use fails with the pallet error', async () => {
  const first = await freshAccount(chain.api);
  const second = await freshAccount(chain.api);
  const commitment = identityCommitment('shared-id', randomBytes(32), first.address);
  await submit(chain.api, chain.api.tx.patientIdentity.register(commitment), first);
  await assert.rejects(
    submit(chain.api, chain.api.tx.patientIdentity.register(commitment), second),
    (e) => e.module === 'patientIdentity.CommitmentInUse',
  );
});

test('genesis demo patients are registered on the dev chain', async () => {
  const entries = await chain.api.query.patientIdentity.patients.entries();
  assert.ok(entries.length >= 2, 'demo patients present');
});
