// The security review's scenarios (../shared/reviews/security-review-1.md), tried against a real
// node as an attacker would, each expecting a refusal with the named error of the rule that
// forbids it. Fresh accounts per test; every dependent step waits for inclusion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { blake2AsHex } from '@polkadot/util-crypto';
import { freshAccount, submit, identityCommitment, findEvent, dev, scope, rpcHttp } from '../lib/chain.js';
import { useDevChain, registeredPatient } from '../lib/suite.js';

// Dev chain: organisation 0 City Hospital (admin //Dave, physician //Ferdie//stash), 1 City Lab
// (admin //Eve, technician //Charlie//stash), 3 Mutual Insurer (admin //One), 4 Research Institute (admin //Two, no
// attestations), 5 Assure Audit (auditor //Bob//stash, accredited).
const HOSPITAL = 0;
const LAB = 1;
const INSURER = 3;
const physician = () => dev('//Ferdie//stash');
const hospitalAdmin = () => dev('//Dave');
const labAdmin = () => dev('//Eve');
const labTech = () => dev('//Charlie//stash');
const insurerAdmin = () => dev('//One');
const researchAdmin = () => dev('//Two');
const auditor = () => dev('//Bob//stash');

const chain = useDevChain();

const patient = () => registeredPatient(chain.api);

const refusedWith = (name) => (e) => {
  assert.equal(e.module, name);
  return true;
};

const grant = (p, grantee, provision, exceptions = []) =>
  submit(chain.api, chain.api.tx.consent.grantConsent(p.address, grantee, provision, exceptions, '0x' + 'ab'.repeat(32), null, null, 'Allowed'), p);

const query = (requester, p, action, category, purpose, labels = []) => ({
  requester: requester.address, patient: p.address, action, category, resourceType: null, labels, purpose,
});

const anchorTx = (subject, category, labels = [], purpose = 'TREAT') =>
  chain.api.tx.recordAnchors.anchorRecord(subject, blake2AsHex(randomBytes(64), 256), 'Blake2b256', category, 'DocumentReference', labels, '0x', null, purpose, null);

test('finding 1: a pseudonym is its own consent subject, reachable only through its audience and its own consents', async () => {
  // A patient's own key would link the pseudonym to the patient: it cannot be a pseudonym key.
  const p = await patient();
  await assert.rejects(
    submit(chain.api, chain.api.tx.patientIdentity.publishPseudonym(blake2AsHex(randomBytes(32), 256), HOSPITAL, '0x' + '00'.repeat(32)), p),
    refusedWith('patientIdentity.PseudonymKeyInUse'),
  );
  // The wallet's key for the hospital publishes a pseudonym; by itself it is no consent.
  const key = await freshAccount(chain.api);
  const pseudonym = blake2AsHex(randomBytes(32), 256);
  await submit(chain.api, chain.api.tx.patientIdentity.publishPseudonym(pseudonym, HOSPITAL, blake2AsHex(randomBytes(32), 256)), key);
  await assert.rejects(
    submit(chain.api, anchorTx({ Pseudonym: pseudonym }, 'PsychiatricNote', ['PSY', 'HIV'], 'HOPERAT'), physician()),
    refusedWith('recordAnchors.NoConsent'),
  );
  // The key consents to clinical notes for treatment: exactly that is anchored, nothing more.
  await grant(key, { Organization: HOSPITAL }, { decision: 'Permit', scope: scope({ actions: ['Store'], categories: ['ClinicalNote'], purposes: ['TREAT'] }) });
  const anchored = await submit(chain.api, anchorTx({ Pseudonym: pseudonym }, 'ClinicalNote'), physician());
  assert.ok(findEvent(anchored.events, 'recordAnchors', 'RecordAnchored'));
  await assert.rejects(
    submit(chain.api, anchorTx({ Pseudonym: pseudonym }, 'PsychiatricNote', ['PSY']), physician()),
    refusedWith('recordAnchors.NoConsent'),
  );
  // Naming the key as a patient would skip the audience rule; another organisation cannot use it.
  await assert.rejects(submit(chain.api, anchorTx({ Patient: key.address }, 'ClinicalNote'), physician()), refusedWith('recordAnchors.UnknownPatient'));
  // Retired pseudonyms are tombstones: nobody re-publishes them, and the key controls nothing.
  await submit(chain.api, chain.api.tx.patientIdentity.retirePseudonym(pseudonym), key);
  await assert.rejects(submit(chain.api, anchorTx({ Pseudonym: pseudonym }, 'ClinicalNote'), physician()), refusedWith('recordAnchors.UnknownPseudonym'));
  const other = await freshAccount(chain.api);
  await assert.rejects(
    submit(chain.api, chain.api.tx.patientIdentity.publishPseudonym(pseudonym, INSURER, '0x' + '00'.repeat(32)), other),
    refusedWith('patientIdentity.PseudonymRetired'),
  );
});

test('finding 4: the patient keeps their data across a key rotation; the old key controls nothing', async () => {
  const p = await patient();
  const newKey = await freshAccount(chain.api);
  const granted = await grant(p, { Organization: HOSPITAL }, { decision: 'Permit', scope: scope({ actions: ['Access'], purposes: ['TREAT'] }) });
  const consent = findEvent(granted.events, 'consent', 'ConsentGranted').data.id.toNumber();
  await submit(chain.api, chain.api.tx.patientIdentity.rotateKey(newKey.address), p);
  const moved = await submit(chain.api, chain.api.tx.patientIdentity.acceptRotation(p.address), newKey);
  assert.equal(findEvent(moved.events, 'patientIdentity', 'IdentityMoved').data.patient.toString(), p.address);
  // The thief holding the old key tries to come back, or to act for the patient.
  await assert.rejects(
    submit(chain.api, chain.api.tx.patientIdentity.register(identityCommitment('thief', randomBytes(32), p.address)), p),
    refusedWith('patientIdentity.AlreadyRegistered'),
  );
  await assert.rejects(
    submit(chain.api, chain.api.tx.consent.grantConsent(p.address, { Organization: INSURER },
      { decision: 'Permit', scope: scope({ actions: ['Access', 'Disclose'], labels: ['PSY', 'HIV'] }) }, [], '0x' + '00'.repeat(32), null, null, 'Allowed'), p),
    refusedWith('consent.NotAuthorizedForPatient'),
  );
  await assert.rejects(submit(chain.api, chain.api.tx.consent.revokeConsent(consent), p), refusedWith('consent.NotAuthorizedForPatient'));
  // The patient's consents stay with the patient (its id), now governed by the new key.
  const d = await chain.api.call.consentApi.checkAccess(query(physician(), p, 'Access', 'Imaging', 'TREAT'));
  assert.deepEqual(d.toJSON(), { permit: { consent, provision: 0 } });
  await submit(chain.api, chain.api.tx.consent.revokeConsent(consent), newKey);
  const after = await chain.api.call.consentApi.checkAccess(query(physician(), p, 'Access', 'Imaging', 'TREAT'));
  assert.deepEqual(after.toJSON(), { denyNoConsent: null });
});

test('finding 13: a threshold of guardians cancels a rogue guardian\'s recovery', async () => {
  const p = await patient();
  const [sam, ann, kim, mallory] = await Promise.all([freshAccount(chain.api), freshAccount(chain.api), freshAccount(chain.api), freshAccount(chain.api)]);
  for (const g of [sam, ann, kim]) {
    await submit(chain.api, chain.api.tx.patientIdentity.addDelegate(g.address, 'Guardian', ['Recovery'], null), p);
  }
  await submit(chain.api, chain.api.tx.patientIdentity.setRecoveryThreshold(2), p);
  await submit(chain.api, chain.api.tx.patientIdentity.initiateRecovery(p.address, mallory.address), sam);
  // Sam renounces: the recovery keeps the threshold and guardians it started with.
  await submit(chain.api, chain.api.tx.patientIdentity.removeDelegate(p.address, sam.address), sam);
  const recovery = (await chain.api.query.patientIdentity.recoveries(p.address)).unwrap();
  assert.equal(recovery.threshold.toNumber(), 2);
  assert.equal(recovery.guardians.length, 3);
  const first = await submit(chain.api, chain.api.tx.patientIdentity.cancelRecovery(p.address), ann);
  assert.ok(findEvent(first.events, 'patientIdentity', 'RecoveryCancellationVoted'));
  const second = await submit(chain.api, chain.api.tx.patientIdentity.cancelRecovery(p.address), kim);
  assert.ok(findEvent(second.events, 'patientIdentity', 'RecoveryCancelled'));
  assert.ok((await chain.api.query.patientIdentity.recoveries(p.address)).isNone);
});

test('finding 5: break-glass is for care providers, reviewed independently, and ends when unjustified', async () => {
  const p = await patient();
  // An insurer employs a "physician": no emergency care is delivered at an insurer.
  const insurerDoctor = await freshAccount(chain.api);
  await submit(chain.api, chain.api.tx.organizations.addMember(insurerDoctor.address, 'Physician'), insurerAdmin());
  await assert.rejects(
    submit(chain.api, chain.api.tx.consent.breakGlass(p.address, 'BTG', 'ConsentUnavailable', 600), insurerDoctor),
    refusedWith('consent.NotCareProvider'),
  );
  // A hospital clinician breaks the glass; the hospital's own privacy officer cannot clear it.
  const opened = await submit(chain.api, chain.api.tx.consent.breakGlass(p.address, 'ETREAT', 'PatientIncapacitated', 600), physician());
  const episode = findEvent(opened.events, 'consent', 'BreakGlassOpened').data.id.toNumber();
  const officer = await freshAccount(chain.api);
  await submit(chain.api, chain.api.tx.organizations.addMember(officer.address, 'PrivacyOfficer'), hospitalAdmin());
  await assert.rejects(
    submit(chain.api, chain.api.tx.consent.closeReview(episode, true, '0x' + '00'.repeat(32), null), officer),
    refusedWith('consent.ReviewerNotIndependent'),
  );
  // Emergency reading, never disclosure.
  const read = await chain.api.call.consentApi.checkAccess(query(physician(), p, 'Access', 'PsychiatricNote', 'ETREAT', ['PSY']));
  assert.deepEqual(read.toJSON(), { permitBreakGlass: { episode } });
  const disclose = await chain.api.call.consentApi.checkAccess(query(physician(), p, 'Disclose', 'PsychiatricNote', 'ETREAT', ['PSY']));
  assert.deepEqual(disclose.toJSON(), { denyNoConsent: null });
  // The accredited auditor finds it unjustified: access ends at once.
  const reviewed = await submit(chain.api, chain.api.tx.consent.closeReview(episode, false, '0x' + '99'.repeat(32), null), auditor());
  const r = findEvent(reviewed.events, 'consent', 'BreakGlassReviewed');
  assert.equal(r.data.reviewerOrganization.toNumber(), 5);
  const after = await chain.api.call.consentApi.checkAccess(query(physician(), p, 'Access', 'PsychiatricNote', 'ETREAT', ['PSY']));
  assert.deepEqual(after.toJSON(), { denyNoConsent: null });
});

test('finding 6: compliance fails closed for an organisation kind not permitted a category', async () => {
  const p = await patient();
  await grant(p, { Organization: 4 }, { decision: 'Permit', scope: scope({ actions: ['Store'] }) });
  const researcher = await freshAccount(chain.api);
  await submit(chain.api, chain.api.tx.organizations.addMember(researcher.address, 'Researcher'), researchAdmin());
  await assert.rejects(
    submit(chain.api, anchorTx({ Patient: p.address }, 'LabResult', [], 'HRESCH'), researcher),
    refusedWith('recordAnchors.NotPermittedForKind'),
  );
  const out = await rpcHttp(chain.node.httpUrl, 'health_isCompliant', [4, 'Genomic']);
  assert.equal(out.result.compliant, false);
});

test('finding 7: sensitivity comes from the data, not from the caller', async () => {
  const p = await patient();
  const granted = await grant(p, { Organization: HOSPITAL },
    { decision: 'Permit', scope: scope({ actions: ['Access', 'Use'], purposes: ['TREAT'] }) },
    [{ parent: 0, provision: { decision: 'Deny', scope: scope({ labels: ['PSY'] }) } }]);
  const consent = findEvent(granted.events, 'consent', 'ConsentGranted').data.id.toNumber();
  // A psychiatric note asked for without labels is still PSY.
  const d = await chain.api.call.consentApi.checkAccess(query(physician(), p, 'Access', 'PsychiatricNote', 'TREAT', []));
  assert.deepEqual(d.toJSON(), { deny: { consent, provision: 1 } });
});

test('finding 8: a delegate cannot approve their own request, and no approval outweighs a deny', async () => {
  const p = await patient();
  const sam = await freshAccount(chain.api);
  await submit(chain.api, chain.api.tx.organizations.addMember(sam.address, 'ClaimsOfficer'), insurerAdmin());
  await submit(chain.api, chain.api.tx.patientIdentity.addDelegate(sam.address, 'EmergencyContact', ['Notify', 'ApproveAccess'], null), p);
  const denied = await grant(p, { Organization: INSURER }, { decision: 'Deny', scope: scope({ actions: ['Access', 'Use', 'Disclose'] }) });
  const deny = findEvent(denied.events, 'consent', 'ConsentGranted').data.id.toNumber();
  const asked = await submit(chain.api, chain.api.tx.consent.requestAccess(
    p.address, scope({ actions: ['Access', 'Disclose'], labels: ['PSY', 'HIV'] }), '0x' + 'cd'.repeat(32), 1000,
  ), sam);
  const request = findEvent(asked.events, 'consent', 'AccessRequested').data.id;
  await assert.rejects(submit(chain.api, chain.api.tx.consent.respondToRequest(request, true), sam), refusedWith('consent.SelfApproval'));
  // Even the patient's own approval does not outweigh her explicit deny.
  await submit(chain.api, chain.api.tx.consent.respondToRequest(request, true), p);
  const d = await chain.api.call.consentApi.checkAccess(query(sam, p, 'Disclose', 'Claim', 'HPAYMT', ['PSY']));
  assert.deepEqual(d.toJSON(), { deny: { consent: deny, provision: 0 } });
});

test('finding 14: a plain location never reaches the ledger; sealed and content-addressed pointers do', async () => {
  const p = await patient();
  await grant(p, { Organization: LAB }, { decision: 'Permit', scope: scope({ actions: ['Store'], categories: ['LabResult'] }) });
  const withPointer = (pointer) => chain.api.tx.recordAnchors.anchorRecord({ Patient: p.address }, blake2AsHex(randomBytes(64), 256),
    'Blake2b256', 'LabResult', 'DiagnosticReport', [], pointer, null, 'TREAT', null);
  const url = '0x' + Buffer.from('https://ehr.example/John_Doe_1970/hiv.pdf').toString('hex');
  await assert.rejects(submit(chain.api, withPointer(url), labTech()), refusedWith('recordAnchors.InvalidPointer'));
  const cidV1 = '0x01551220' + 'ab'.repeat(32); // raw codec, sha2-256 multihash
  await submit(chain.api, withPointer(cidV1), labTech());
  await submit(chain.api, withPointer('0xa1' + 'cd'.repeat(45)), labTech());
});

test('finding 15: nobody can squat a content hash', async () => {
  const squatter = await patient();
  const victim = await patient();
  await grant(victim, { Organization: LAB }, { decision: 'Permit', scope: scope({ actions: ['Store'], categories: ['LabResult'] }) });
  const hash = blake2AsHex(randomBytes(64), 256);
  // The squatter anchors the hash 17 times about themself (the old per-hash cap was 16).
  for (let i = 0; i < 17; i += 1) {
    await submit(chain.api, chain.api.tx.recordAnchors.anchorRecord({ Patient: squatter.address }, hash, 'Blake2b256', 'PatientReported', 'QuestionnaireResponse', [], '0x', null, 'PATRQT', null), squatter);
  }
  const { events } = await submit(chain.api, chain.api.tx.recordAnchors.anchorRecord({ Patient: victim.address }, hash, 'Blake2b256', 'LabResult', 'DiagnosticReport', [], '0x', null, 'TREAT', null), labTech());
  const id = findEvent(events, 'recordAnchors', 'RecordAnchored').data.id.toNumber();
  assert.equal((await chain.api.call.anchorsApi.verifyRecord(id, hash)).isTrue, true);
});

test('finding 16: an oversized label list is refused by the RPC', async () => {
  const out = await rpcHttp(chain.node.httpUrl, 'health_checkAccess', [{
    requester: physician().address, patient: physician().address, action: 'Access', category: 'Imaging', purpose: 'TREAT',
    labels: Array(20).fill('N'),
  }]);
  assert.equal(out.error?.code, -32602);
  assert.match(out.error.message, /at most 16 security labels/);
});

test('finding 20: a patient anchors only patient-reported data about themself', async () => {
  const p = await patient();
  await assert.rejects(
    submit(chain.api, anchorTx({ Patient: p.address }, 'Prescription', [], 'PATRQT'), p),
    refusedWith('recordAnchors.NotPatientReportable'),
  );
});

test('finding 23: the exchange asks for a role that handles the data and a compliant organisation', async () => {
  const p = await patient();
  await grant(p, { Organization: LAB }, { decision: 'Permit', scope: scope({ actions: ['Store', 'Access'], categories: ['LabResult'] }) });
  // The lab's administrator manages accounts; results are the technician's.
  await assert.rejects(submit(chain.api, anchorTx({ Patient: p.address }, 'LabResult'), labAdmin()), refusedWith('recordAnchors.RoleNotPermitted'));
  await submit(chain.api, anchorTx({ Patient: p.address }, 'LabResult'), labTech());
  const asked = async (who, category, purpose) => (await rpcHttp(chain.node.httpUrl, 'health_checkAccess', [{
    requester: who.address, patient: p.address, action: 'Access', category, purpose,
  }])).result;
  assert.deepEqual(await asked(labAdmin(), 'LabResult', 'TREAT'), { permit: false, reason: 'RoleNotPermitted' });
  assert.equal((await asked(labTech(), 'LabResult', 'TREAT')).permit, true);
  // A research institute is not permitted lab results: a researcher gets nothing, consent or not.
  const researcher = await freshAccount(chain.api);
  await submit(chain.api, chain.api.tx.organizations.addMember(researcher.address, 'Researcher'), researchAdmin());
  await grant(p, { Organization: 4 }, { decision: 'Permit', scope: scope({ actions: ['Access'], categories: ['LabResult'] }) });
  assert.deepEqual(await asked(researcher, 'LabResult', 'HRESCH'), {
    permit: false, reason: 'NotCompliant', compliance: { reason: 'NotPermittedForKind' },
  });
});

