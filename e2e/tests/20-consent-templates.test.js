// The patient app's consent templates (app/src/templates.js), checked through the runtime API of
// a running node: each template, granted as the app grants it, lets exactly what its sentence
// says — and refuses what it excludes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blake2AsHex } from '@polkadot/util-crypto';
import { useDevChain, registeredPatient } from '../lib/suite.js';
import { submit, findEvent, rpcHttp } from '../lib/chain.js';
import { hire } from '../lib/gateway.js';
import { TEMPLATES, TEMPLATE_POLICY, grantArguments, template } from '../../app/src/templates.js';

const ORG = { hospital: 0, lab: 1, pharmacy: 2, insurer: 3 };
const chain = useDevChain();

/** Grants `id` from the patient to `organization` as the app does; returns the consent's id and the clock used. */
async function grant(patient, id, organization) {
  const { result: clock } = await rpcHttp(chain.node.httpUrl, 'health_clock', []);
  const args = grantArguments(template(id), { patient: patient.address, organization, clock });
  const { events } = await submit(chain.api, chain.api.tx.consent.grantConsent(...args), patient);
  return { consent: findEvent(events, 'consent', 'ConsentGranted').data.id.toNumber(), clock, args };
}

async function decide(requester, patient, action, category, purpose, labels = []) {
  const q = { requester: requester.address, patient: patient.address, action, category, resourceType: null, labels, purpose };
  return (await chain.api.call.consentApi.checkAccess(q)).toJSON();
}

test('the template policy is the hash of the templates\' wording version', () => {
  assert.equal(TEMPLATE_POLICY, blake2AsHex('healthchain:consent-template:v1', 256));
  assert.deepEqual(TEMPLATES.map((t) => t.id), ['hospital-treatment', 'pharmacy-prescriptions', 'insurer-claims', 'lab-results']);
});

test('"my hospital may read all my records to treat me, except psychiatric notes"', async () => {
  const patient = await registeredPatient(chain.api);
  const doctor = await hire(chain.api, '//Dave', 'Physician');
  const { consent } = await grant(patient, 'hospital-treatment', ORG.hospital);
  assert.deepEqual(await decide(doctor, patient, 'Access', 'LabResult', 'TREAT'), { permit: { consent, provision: 0 } });
  assert.deepEqual(await decide(doctor, patient, 'Access', 'Imaging', 'TREAT'), { permit: { consent, provision: 0 } });
  // Psychiatric notes, filed as such or labelled PSY inside another category, are refused.
  assert.deepEqual(await decide(doctor, patient, 'Access', 'PsychiatricNote', 'TREAT'), { deny: { consent, provision: 1 } });
  assert.deepEqual(await decide(doctor, patient, 'Access', 'ClinicalNote', 'TREAT', ['PSY']), { deny: { consent, provision: 2 } });
  // Only to treat, and only to read.
  assert.deepEqual(await decide(doctor, patient, 'Access', 'LabResult', 'HRESCH'), { denyNoConsent: null });
  assert.deepEqual(await decide(doctor, patient, 'Disclose', 'LabResult', 'TREAT'), { denyNoConsent: null });
  // Another organisation's clinician gets nothing from it.
  const pharmacist = await hire(chain.api, '//Ferdie', 'Pharmacist');
  assert.deepEqual(await decide(pharmacist, patient, 'Access', 'Prescription', 'TREAT'), { denyNoConsent: null });
});

test('"my pharmacy may read my prescriptions to dispense them"', async () => {
  const patient = await registeredPatient(chain.api);
  const pharmacist = await hire(chain.api, '//Ferdie', 'Pharmacist');
  const { consent } = await grant(patient, 'pharmacy-prescriptions', ORG.pharmacy);
  assert.deepEqual(await decide(pharmacist, patient, 'Access', 'Prescription', 'TREAT'), { permit: { consent, provision: 0 } });
  assert.deepEqual(await decide(pharmacist, patient, 'Access', 'Prescription', 'HMARKT'), { denyNoConsent: null });
  assert.ok(!('permit' in await decide(pharmacist, patient, 'Access', 'LabResult', 'TREAT')));
});

test('"my insurer may read my claims to pay them, for one year"', async () => {
  const patient = await registeredPatient(chain.api);
  const claims = await hire(chain.api, '//One', 'ClaimsOfficer');
  const { consent, clock, args } = await grant(patient, 'insurer-claims', ORG.insurer);
  assert.deepEqual(await decide(claims, patient, 'Access', 'Claim', 'HPAYMT'), { permit: { consent, provision: 0 } });
  assert.deepEqual(await decide(claims, patient, 'Access', 'Claim', 'TREAT'), { denyNoConsent: null });
  // One year of the chain's blocks.
  const [view] = (await chain.api.call.consentApi.consents(patient.address)).toJSON();
  assert.equal(view.validity.expiresAt, args[6]);
  const year = 365 * 24 * 3600 * 1000;
  assert.equal(view.validity.expiresAt - clock.block, Math.ceil(year / clock.blockTime));
});

test('"my lab may store my lab results and read them back to treat me"', async () => {
  const patient = await registeredPatient(chain.api);
  const tech = await hire(chain.api, '//Eve', 'LabTechnician');
  const { consent } = await grant(patient, 'lab-results', ORG.lab);
  assert.deepEqual(await decide(tech, patient, 'Store', 'LabResult', 'TREAT'), { permit: { consent, provision: 0 } });
  assert.deepEqual(await decide(tech, patient, 'Access', 'LabResult', 'TREAT'), { permit: { consent, provision: 0 } });
  assert.ok(!('permit' in await decide(tech, patient, 'Store', 'Imaging', 'TREAT')));
});
