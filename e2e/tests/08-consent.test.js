// pallet-consent through polkadot.js: a patient grants a pharmacy access to prescriptions,
// check_access permits prescriptions and denies imaging, revocation denies at once, an access
// request runs to approval, and a break-glass episode runs to review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshAccount, submit, findEvent, dev, scope, rpcHttp } from '../lib/chain.js';
import { useDevChain, registeredPatient } from '../lib/suite.js';

// Dev chain: organisation 2 is the demo pharmacy (admin //Ferdie); //Ferdie//stash is a physician
// of the demo hospital (organisation 0); //Bob//stash is an accredited auditor.
const pharmacyAdmin = () => dev('//Ferdie');
const physician = () => dev('//Ferdie//stash');

const chain = useDevChain();
const patient = () => registeredPatient(chain.api);

/** A pharmacist the demo pharmacy hires for the test (its administrator handles no records). */
async function hirePharmacist() {
  const who = await freshAccount(chain.api);
  await submit(chain.api, chain.api.tx.organizations.addMember(who.address, 'Pharmacist'), pharmacyAdmin());
  return who;
}

const q = (requester, p, category, purpose = 'TREAT') => ({
  requester: requester.address, patient: p.address, action: 'Access', category, resourceType: null, labels: [], purpose,
});

test('grant, permit prescriptions, deny imaging, revoke and deny', async () => {
  const p = await patient();
  const pharmacist = await hirePharmacist();
  const granted = await submit(chain.api, chain.api.tx.consent.grantConsent(
    p.address, { OrganizationKind: 'Pharmacy' },
    { decision: 'Permit', scope: scope({ actions: ['Access'], categories: ['Prescription'], purposes: ['TREAT'] }) },
    [], '0x' + 'ab'.repeat(32), null, null, 'Allowed',
  ), p);
  const id = findEvent(granted.events, 'consent', 'ConsentGranted').data.id.toNumber();
  assert.deepEqual((await chain.api.call.consentApi.checkAccess(q(pharmacist, p, 'Prescription'))).toJSON(), { permit: { consent: id, provision: 0 } });
  // A pharmacy may not hold imaging at all: refused before any consent is read.
  assert.deepEqual((await chain.api.call.consentApi.checkAccess(q(pharmacist, p, 'Imaging'))).toJSON(), { denyNotCompliant: { notPermittedForKind: null } });
  // Its administrator handles no records, consent or not.
  assert.deepEqual((await chain.api.call.consentApi.checkAccess(q(pharmacyAdmin(), p, 'Prescription'))).toJSON(), { denyRoleNotPermitted: null });
  await submit(chain.api, chain.api.tx.consent.revokeConsent(id), p);
  assert.deepEqual((await chain.api.call.consentApi.checkAccess(q(pharmacist, p, 'Prescription'))).toJSON(), { denyNoConsent: null });
});

test('an access request runs to approval and grants time-limited access', async () => {
  const p = await patient();
  const asked = await submit(chain.api, chain.api.tx.consent.requestAccess(
    p.address, scope({ actions: ['Access'], categories: ['Imaging'], purposes: ['TREAT'] }), '0x' + 'cd'.repeat(32), 100,
  ), physician());
  const request = findEvent(asked.events, 'consent', 'AccessRequested');
  assert.ok(request, 'AccessRequested notifies the patient');
  assert.equal(request.data.patient.toString(), p.address);
  assert.deepEqual((await chain.api.call.consentApi.checkAccess(q(physician(), p, 'Imaging'))).toJSON(), { denyNoConsent: null });
  const approved = await submit(chain.api, chain.api.tx.consent.respondToRequest(request.data.id, true), p);
  const ev = findEvent(approved.events, 'consent', 'AccessRequestApproved');
  assert.ok(ev, 'AccessRequestApproved');
  const consent = ev.data.consent.toNumber();
  assert.deepEqual((await chain.api.call.consentApi.checkAccess(q(physician(), p, 'Imaging'))).toJSON(), { permit: { consent, provision: 0 } });
});

test('a break-glass episode runs to review', async () => {
  const p = await patient();
  const contact = await freshAccount(chain.api);
  await submit(chain.api, chain.api.tx.patientIdentity.addDelegate(contact.address, 'EmergencyContact', ['Notify'], null), p);
  const opened = await submit(chain.api, chain.api.tx.consent.breakGlass(p.address, 'BTG', 'LifeThreatening', 100), physician());
  const ev = findEvent(opened.events, 'consent', 'BreakGlassOpened');
  assert.ok(ev, 'BreakGlassOpened is loud');
  assert.deepEqual(ev.data.notify.toJSON(), [contact.address]);
  const episode = ev.data.id.toNumber();
  assert.deepEqual((await chain.api.call.consentApi.checkAccess(q(physician(), p, 'Imaging', 'BTG'))).toJSON(), { permitBreakGlass: { episode } });
  await assert.rejects(submit(chain.api, chain.api.tx.consent.closeReview(episode, true, '0x' + '00'.repeat(32), null), p),
    (e) => e.module === 'consent.NotReviewer');
  const reviewed = await submit(chain.api, chain.api.tx.consent.closeReview(episode, false, '0x' + '99'.repeat(32), null), dev('//Bob//stash'));
  const r = findEvent(reviewed.events, 'consent', 'BreakGlassReviewed');
  assert.equal(r.data.justified.isFalse, true);
  const episodes = await chain.api.call.consentApi.breakGlassEpisodes(p.address);
  assert.equal(episodes[0].reviewed.isTrue, true, 'reviewed');
});

test('a patient opts categories into research, and dApps and auditors read the opt-in', async () => {
  const p = await patient();
  assert.equal((await chain.api.call.consentApi.researchConsent(p.address)).isNone, true);
  const study = '0x' + 'ee'.repeat(32);
  await submit(chain.api, chain.api.tx.consent.setResearchConsent(p.address, ['LabResult', 'Genomic'], [study]), p);
  const typed = (await chain.api.call.consentApi.researchConsent(p.address)).unwrap();
  assert.deepEqual(typed.categories.map((c) => c.toString()), ['LabResult', 'Genomic']);
  const json = (await rpcHttp(chain.node.httpUrl, 'health_researchConsent', [p.address, null])).result;
  assert.deepEqual({ categories: json.categories, studies: json.studies }, { categories: ['LabResult', 'Genomic'], studies: [study] });
  assert.equal(json.since, typed.since.toNumber());
});

