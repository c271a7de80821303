// The seed's whole journey against a real node, as real clients do it: the council admits
// providers, an auditor attests them, a patient registers and consents, records are anchored,
// access is permitted or denied by the patient's rules, a revocation bites at once, an ER
// physician breaks the glass loudly and a reviewer closes it, the patient lists every access,
// and an auditor gets the same answers over plain HTTP JSON-RPC as polkadot.js gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { blake2AsHex } from '@polkadot/util-crypto';
import { useDevChain } from '../lib/suite.js';
import {
  freshAccount, submit, identityCommitment, findEvent, councilExecute, dev, scope, rpcHttp, eventually,
} from '../lib/chain.js';
import { subscribeNotifications } from '../lib/notify.js';


const chain = useDevChain();

async function admit(kind, members) {
  const admin = await freshAccount(chain.api);
  const events = await councilExecute(chain.api, chain.api.tx.organizations.admit(admin.address, kind, blake2AsHex(`${kind} licence`, 256)));
  const org = findEvent(events, 'organizations', 'OrganizationAdmitted').data.org.toNumber();
  const accounts = {};
  for (const [name, role] of members) {
    accounts[name] = await freshAccount(chain.api);
    await submit(chain.api, chain.api.tx.organizations.addMember(accounts[name].address, role), admin);
  }
  return { org, admin, ...accounts };
}

async function attest(org, types) {
  const auditor = dev('//Bob//stash');
  const now = (await chain.api.rpc.chain.getHeader()).number.toNumber();
  for (const t of types) {
    await submit(chain.api, chain.api.tx.compliance.attest({ Organization: org }, t, '0x' + 'ee'.repeat(32), now + 100_000), auditor);
  }
}

function grant(patient, grantee, provision, exceptions = []) {
  return submit(
    chain.api,
    chain.api.tx.consent.grantConsent(patient.address, grantee, provision, exceptions, blake2AsHex('terms v1', 256), null, null, 'Allowed'),
    patient,
  ).then(({ events }) => findEvent(events, 'consent', 'ConsentGranted').data.id.toNumber());
}

const query = (requester, patient, action, category, purpose, labels = []) => ({
  requester: requester.address, patient: patient.address, action, category, resourceType: null, labels, purpose,
});

test('the seed journey, end to end', async () => {
  // 1. The council admits a hospital, a lab, a pharmacy and an insurer; the auditor attests them.
  const hospital = await admit('Hospital', [['physician', 'Physician'], ['privacy', 'PrivacyOfficer']]);
  const lab = await admit('Laboratory', [['tech', 'LabTechnician']]);
  const pharmacy = await admit('Pharmacy', [['pharmacist', 'Pharmacist']]);
  const insurer = await admit('Insurer', [['claims', 'ClaimsOfficer']]);
  await attest(hospital.org, ['HipaaSecurityRule', 'HipaaPrivacyRule']);
  await attest(lab.org, ['HipaaSecurityRule']);
  await attest(pharmacy.org, ['HipaaPrivacyRule']);
  await attest(insurer.org, ['HipaaPrivacyRule']);
  for (const [org, cat] of [[hospital.org, 'Imaging'], [lab.org, 'LabResult'], [pharmacy.org, 'Prescription'], [insurer.org, 'Claim']]) {
    assert.ok((await chain.api.call.complianceApi.isCompliant(org, cat)).isOk, `org ${org} compliant for ${cat}`);
  }

  // 2. A patient registers a salted commitment and names an emergency contact.
  const patient = await freshAccount(chain.api);
  const contact = await freshAccount(chain.api);
  await submit(chain.api, chain.api.tx.patientIdentity.register(identityCommitment('NHS-943-476-5919', randomBytes(32), patient.address)), patient);
  await submit(chain.api, chain.api.tx.patientIdentity.addDelegate(contact.address, 'EmergencyContact', ['Notify'], null), patient);

  // The emergency contact's app listens for what concerns the patient.
  const notices = [];
  const unsubscribe = await subscribeNotifications(chain.api, [patient.address, contact.address], (n) => notices.push(n));

  // 3. Consents: hospital treatment on everything except psychiatric notes; pharmacy
  //    prescriptions only; insurer claims only, for payment; the lab may store lab results.
  const hospitalConsent = await grant(
    patient,
    { Organization: hospital.org },
    { decision: 'Permit', scope: scope({ actions: ['Store', 'Access', 'Use'], purposes: ['TREAT'] }) },
    [{ parent: 0, provision: { decision: 'Deny', scope: scope({ labels: ['PSY'] }) } }],
  );
  const pharmacyConsent = await grant(patient, { Organization: pharmacy.org },
    { decision: 'Permit', scope: scope({ actions: ['Access'], categories: ['Prescription'], purposes: ['TREAT'] }) });
  const insurerConsent = await grant(patient, { Organization: insurer.org },
    { decision: 'Permit', scope: scope({ actions: ['Access'], categories: ['Claim'], purposes: ['HPAYMT'] }) });
  await grant(patient, { Organization: lab.org },
    { decision: 'Permit', scope: scope({ actions: ['Store'], categories: ['LabResult'] }) });

  // 4. The lab anchors a report and the hospital an X-ray.
  const anchor = async (who, category, type, labels) => {
    const hash = blake2AsHex(randomBytes(4096), 256);
    const { events } = await submit(chain.api, chain.api.tx.recordAnchors.anchorRecord(
      { Patient: patient.address }, hash, 'Blake2b256', category, type, labels, '0xa1' + 'cd'.repeat(45), null, 'TREAT', // a sealed pointer
      Math.floor(Date.now() / 1000) - 3600, // observed an hour ago (the clinical time)
    ), who);
    return { hash, id: findEvent(events, 'recordAnchors', 'RecordAnchored').data.id.toNumber() };
  };
  const report = await anchor(lab.tech, 'LabResult', 'DiagnosticReport', ['N']);
  const xray = await anchor(hospital.physician, 'Imaging', 'ImagingStudy', ['N']);

  // 5. Decisions: pharmacy gets the prescription, not the X-ray; insurer not the clinical notes.
  const decide = (q) => chain.api.call.consentApi.checkAccess(q);
  const pharmacyRx = await decide(query(pharmacy.pharmacist, patient, 'Access', 'Prescription', 'TREAT'));
  assert.deepEqual(pharmacyRx.toJSON(), { permit: { consent: pharmacyConsent, provision: 0 } });
  // Pharmacies may not hold imaging, insurers not clinical notes: refused before any consent is read.
  const kindNotPermitted = { denyNotCompliant: { notPermittedForKind: null } };
  assert.deepEqual((await decide(query(pharmacy.pharmacist, patient, 'Access', 'Imaging', 'TREAT'))).toJSON(), kindNotPermitted);
  assert.deepEqual((await decide(query(insurer.claims, patient, 'Access', 'ClinicalNote', 'HPAYMT'))).toJSON(), kindNotPermitted);
  assert.deepEqual((await decide(query(insurer.claims, patient, 'Access', 'Claim', 'HPAYMT'))).toJSON(), { permit: { consent: insurerConsent, provision: 0 } });
  assert.deepEqual((await decide(query(hospital.physician, patient, 'Access', 'PsychiatricNote', 'TREAT', ['PSY']))).toJSON(), { deny: { consent: hospitalConsent, provision: 1 } });

  // 6. A provider without consent is refused (the dev chain's demo hospital physician).
  const outsider = dev('//Ferdie//stash');
  await assert.rejects(
    submit(chain.api, chain.api.tx.recordAnchors.anchorRecord({ Patient: patient.address }, blake2AsHex('x', 256), 'Sha256', 'Imaging', 'ImagingStudy', [], '0x', null, 'TREAT', null), outsider),
    (e) => e.module === 'recordAnchors.NoConsent',
  );

  // 7. Revocation takes effect at once.
  await submit(chain.api, chain.api.tx.consent.revokeConsent(insurerConsent), patient);
  assert.deepEqual((await decide(query(insurer.claims, patient, 'Access', 'Claim', 'HPAYMT'))).toJSON(), { denyNoConsent: null });

  // 8. An ER physician (another hospital, no consent) breaks the glass; the contact is notified.
  assert.ok(!(await decide(query(outsider, patient, 'Access', 'Imaging', 'ETREAT'))).toJSON().permit);
  const bg = await submit(chain.api, chain.api.tx.consent.breakGlass(patient.address, 'ETREAT', 'PatientIncapacitated', 600), outsider);
  const opened = findEvent(bg.events, 'consent', 'BreakGlassOpened');
  assert.ok(opened, 'BreakGlassOpened is emitted');
  assert.deepEqual(opened.data.notify.toJSON(), [contact.address]);
  const episode = opened.data.id.toNumber();
  assert.deepEqual((await decide(query(outsider, patient, 'Access', 'Imaging', 'ETREAT'))).toJSON(), { permitBreakGlass: { episode } });

  // 9. Each access is recorded; a reviewer (the consortium auditor) closes the review.
  await submit(chain.api, chain.api.tx.consent.recordAccess(patient.address, 'Access', 'Imaging', 'ImagingStudy', ['N'], 'TREAT', 'Success', null, null), hospital.physician);
  await submit(chain.api, chain.api.tx.consent.recordAccess(patient.address, 'Access', 'Imaging', null, [], 'ETREAT', 'Success', null, null), outsider);
  await submit(chain.api, chain.api.tx.consent.recordAccess(patient.address, 'Access', 'Prescription', null, [], 'TREAT', 'Success', null, null), pharmacy.pharmacist);
  const reviewed = await submit(chain.api, chain.api.tx.consent.closeReview(episode, true, blake2AsHex('review notes', 256), null), dev('//Bob//stash'));
  assert.ok(findEvent(reviewed.events, 'consent', 'BreakGlassReviewed'));

  // 10. The patient lists every access: who, what, when, why, under which decision.
  const log = await chain.api.call.consentApi.accessLog(patient.address);
  assert.equal(log.length, 3);
  assert.deepEqual(log.map((e) => e.accessor.toString()), [hospital.physician.address, outsider.address, pharmacy.pharmacist.address]);
  assert.deepEqual(log[1].decision.toJSON(), { permitBreakGlass: { episode } });

  // 11. An auditor asks over plain HTTP JSON-RPC and gets the same answers.
  const h = chain.node.httpUrl;
  const rx = await rpcHttp(h, 'health_checkAccess', [query(pharmacy.pharmacist, patient, 'Access', 'Prescription', 'TREAT')]);
  assert.deepEqual(rx.result, { permit: true, basis: 'Consent', consent: pharmacyConsent, provision: 0 });
  const xr = await rpcHttp(h, 'health_checkAccess', [query(pharmacy.pharmacist, patient, 'Access', 'Imaging', 'TREAT')]);
  assert.deepEqual(xr.result, { permit: false, reason: 'NotCompliant', compliance: { reason: 'NotPermittedForKind' } });
  const logHttp = await rpcHttp(h, 'health_accessLog', [patient.address]);
  assert.equal(logHttp.result.length, log.length);
  assert.deepEqual(logHttp.result.map((e) => e.accessor), log.map((e) => e.accessor.toString()));
  const comp = await rpcHttp(h, 'health_isCompliant', [lab.org, 'LabResult']);
  assert.equal(comp.result.compliant, true);
  const byHash = await rpcHttp(h, 'health_anchorsByHash', [report.hash]);
  assert.equal(byHash.result[0].id, report.id);
  const verify = await rpcHttp(h, 'health_verifyRecord', [xray.id, xray.hash]);
  assert.equal(verify.result.valid, true);
  const episodes = await rpcHttp(h, 'health_breakGlassEpisodes', [patient.address]);
  assert.deepEqual(episodes.result.map((e) => [e.id, e.reviewed]), [[episode, true]]);
  const pageHttp = await rpcHttp(h, 'health_anchorsOfPatient', [patient.address, 0, 10]);
  assert.equal(pageHttp.result.total, 2);

  // The patient's app saw the anchors and the emergency contact saw the break-glass.
  const expected = ['recordAnchors.RecordAnchored', 'consent.BreakGlassOpened', 'consent.AccessRecorded'];
  const kinds = () => new Set(notices.map((n) => `${n.section}.${n.method}`));
  await eventually(() => expected.every((k) => kinds().has(k)), `notified of ${expected}`).catch(() => {});
  unsubscribe();
  for (const k of expected) {
    assert.ok(kinds().has(k), `patient app notified of ${k}`);
  }
});
